"""Who the master names, and who may act at which step for which unit."""

from __future__ import annotations

from pipeline.officials import Post, acting_role, performer, posts, posts_of, same_person

KADIS = "Drs. Ahmad Syahputra Nasution, M.Si."
SEKRETARIS = "Rina Marlina Siregar, S.STP., M.AP."
KATIM_PROGRAM = "Fadli Rahman Lubis, S.E."
KABID_DAFDUK = "Hendra Gunawan Pardede, S.Sos., M.Si."


def test_posts_are_the_office_three_then_each_units_head_and_katim(sample_master):
    found = [(p.role, p.unit) for p in posts(sample_master)]
    assert found[:5] == [
        ("Kadis", None),
        ("Sekretaris", None),
        ("Katim Penyusunan Program", None),
        ("Sekretaris", "SEKRETARIAT"),
        ("Katim pada Bidang", "SEKRETARIAT"),
    ]
    assert found[5:7] == [("Kabid", "DAFDUK"), ("Katim pada Bidang", "DAFDUK")]
    assert len(found) == 3 + 2 * 5


def test_one_person_holds_every_post_the_master_gives_their_name(sample_master):
    assert [p.label for p in posts_of(sample_master, SEKRETARIS)] == [
        "Sekretaris",
        "kepala unit SEKRETARIAT",
    ]
    assert [p.label for p in posts_of(sample_master, "  fadli rahman  LUBIS, s.e. ")] == [
        "Katim Penyusunan Program",
        "Katim pada Bidang SEKRETARIAT",
    ]
    assert not same_person("", "")


def test_performer_of_each_step_comes_from_the_master(sample_master):
    assert performer(sample_master, 1, None).name == KADIS
    assert performer(sample_master, 2, "CAPIL").name == KATIM_PROGRAM
    assert performer(sample_master, 3, "DAFDUK").name == KABID_DAFDUK
    assert performer(sample_master, 6, "SEKRETARIAT").name == SEKRETARIS
    assert performer(sample_master, 5, "PIAK").name == "Putri Ayu Lestari, S.Kom."
    assert performer(sample_master, 7, "PIAK").name == SEKRETARIS
    assert performer(sample_master, 10, None).name == KADIS
    assert performer(sample_master, 5, "TIDAKADA") is None


def test_a_unit_post_acts_for_its_own_unit_only(sample_master):
    kabid = posts_of(sample_master, KABID_DAFDUK)
    assert acting_role(sample_master, kabid, 6, "DAFDUK") == "Kabid"
    assert acting_role(sample_master, kabid, 6, "CAPIL") is None
    assert acting_role(sample_master, kabid, 9, None) is None
    staf = [Post("Staf", "PIAK", "Seorang Staf")]
    assert acting_role(sample_master, staf, 4, "PIAK") == "Staf"
    assert acting_role(sample_master, staf, 4, "PDIP") is None
    assert acting_role(sample_master, staf, 6, "PIAK") is None


def test_an_office_post_acts_for_every_unit_its_role_serves(sample_master):
    sekretaris = posts_of(sample_master, SEKRETARIS)
    assert acting_role(sample_master, sekretaris, 7, "CAPIL") == "Sekretaris"
    assert acting_role(sample_master, sekretaris, 6, "SEKRETARIAT") == "Sekretaris"
    assert acting_role(sample_master, sekretaris, 6, "DAFDUK") is None
    assert acting_role(sample_master, sekretaris, 9, None) == "Sekretaris"
    program = posts_of(sample_master, KATIM_PROGRAM)
    assert acting_role(sample_master, program, 2, "PDIP") == "Katim Penyusunan Program"
    assert acting_role(sample_master, program, 5, "SEKRETARIAT") == "Katim pada Bidang"
    assert acting_role(sample_master, program, 5, "DAFDUK") is None
    assert acting_role(sample_master, program, 10, None) is None


def test_a_units_head_in_an_office_role_acts_for_the_unit_not_for_the_office(sample_master):
    # the Sekretariat's head is written as Sekretaris, but is not the office's Sekretaris
    head = [Post("Sekretaris", "SEKRETARIAT", "Kepala Lain")]
    assert acting_role(sample_master, head, 6, "SEKRETARIAT") == "Sekretaris"
    assert acting_role(sample_master, head, 9, None) is None
    assert acting_role(sample_master, head, 7, "DAFDUK") is None
