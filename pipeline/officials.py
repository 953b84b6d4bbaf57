"""The officials the master names, and who may act at which SOP step for which unit.

A post is a position the master fills with a person: the Kepala Dinas, the Sekretaris and
the Katim Penyusunan Program for the office, and each unit's head and Katim. A person may
hold several posts (the Sekretaris heads the Sekretariat; the Katim Penyusunan Program
may be its Katim too). The command line takes performers' names from here; the web page
takes from here what a logged-in person may see and do. Identity always comes from the
master, never from what a person or a file says of itself.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from pipeline.master import Master
from pipeline.sop import canonical_role, roles_for, sop_steps

OFFICE_ROLES = ("Kadis", "Sekretaris", "Katim Penyusunan Program")
UNIT_ROLES = ("Kabid", "Katim pada Bidang", "Staf")  # a post of one unit

# The `Dinas` sheet's key for the name of each office post.
OFFICE_NAME_KEYS = {
    "Kadis": "nama kepala dinas",
    "Sekretaris": "nama sekretaris",
    "Katim Penyusunan Program": "nama katim penyusunan program",
}


@dataclass(frozen=True)
class Post:
    """One position the master names a person for; `unit` is None for an office post."""

    role: str  # a role of pipeline.sop.ROLES
    unit: str | None
    name: str  # as the master writes it; '' when the master leaves it empty

    @property
    def label(self) -> str:
        """`Kabid DAFDUK`, `Sekretaris`, `kepala unit SEKRETARIAT`: the post as a page or
        a message names it."""
        if self.unit is None:
            return self.role
        return f"{self.role} {self.unit}" if self.role in UNIT_ROLES else f"kepala unit {self.unit}"


def same_person(a: str, b: str) -> bool:
    """Two spellings of one name in the master: case and spacing do not matter."""
    return bool(_folded(a)) and _folded(a) == _folded(b)


def _folded(name: str) -> str:
    return re.sub(r"\s+", " ", name).strip().casefold()


def head_role(master: Master, unit: str) -> str:
    """The role a unit's head acts in: the master's `Jabatan Kepala` (the Sekretariat's
    head is the Sekretaris), Kabid when it names no role of the SOP."""
    value = master.units.at[unit, "jabatan"] if "jabatan" in master.units.columns else None
    return canonical_role(value if isinstance(value, str) else None) or "Kabid"


def head_title(master: Master, unit: str) -> str:
    """How a page names a unit's head in a sentence: `Kepala Bidang`, or `Sekretaris` for
    the Sekretariat."""
    role = head_role(master, unit)
    return "Kepala Bidang" if role == "Kabid" else role


def posts(master: Master) -> list[Post]:
    """Every post of the master, filled or not: the office's three, then per unit its head
    and its Katim, in the order of the Unit sheet."""
    found = [
        Post(role, None, master.office.get(OFFICE_NAME_KEYS[role], "").strip())
        for role in OFFICE_ROLES
    ]
    for unit in master.units.index:
        row = master.units.loc[unit]
        found.append(Post(head_role(master, unit), unit, _text(row.get("kepala"))))
        found.append(Post("Katim pada Bidang", unit, _text(row.get("katim"))))
    return found


def _text(value: object) -> str:
    return value.strip() if isinstance(value, str) else ""


def post_of(master: Master, role: str, unit: str | None) -> Post | None:
    """The master's post for a role (and unit): None when the master has no such post."""
    return next((p for p in posts(master) if p.role == role and p.unit == unit), None)


def posts_of(master: Master, name: str) -> list[Post]:
    """Every post the master gives one person."""
    return [p for p in posts(master) if same_person(p.name, name)]


def performer(master: Master, step: int, unit: str | None) -> Post | None:
    """Who performs a step for a unit according to the master: the unit's head at its
    Kabid steps, its Katim at steps 4 and 5, the office post otherwise; None when the
    master names nobody."""
    role = sop_steps()[step].role
    if role in UNIT_ROLES:
        if unit is None or unit not in master.units.index:
            return None
        wanted = head_role(master, unit) if role == "Kabid" else role
        post = post_of(master, wanted, unit)
    else:
        post = post_of(master, role, None)
    return post if post is not None and post.name else None


def acting_role(master: Master, held: list[Post], step: int, unit: str | None) -> str | None:
    """The role in which someone holding `held` may record `step` for `unit`; None when
    none of their posts may. A unit post acts for its own unit only; an office post for
    every unit its role serves (the Sekretaris hands over every unit's report at step 7)."""
    sop = sop_steps()[step]
    allowed = roles_for(sop, head_role(master, unit) if unit else None)
    for post in held:
        if post.role not in allowed:
            continue
        # an office step is for office posts; a unit's step for the unit's own posts, or
        # for an office post serving every unit (the Katim Program's nota dinas, step 2)
        if unit is None and post.unit is not None:
            continue
        if unit is not None and post.unit not in (None, unit):
            continue
        if post.role in UNIT_ROLES and post.unit != unit:
            continue
        return post.role
    return None
