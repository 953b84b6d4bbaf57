"""The SOP event log `input/<periode>/log-review.csv` (SPEC section 9), by job.

- `events`: the `Event` record, the log's columns, reading its times.
- `record`: `catat` -- append one event under a lock, whole rows, chain, receipts.
- `reading`: read a log leniently; every read checks it.
- `checks`: the log's own check (schema, roles, order of steps).
- `progress`: states, working time and returns per step and unit.
- `integrity`: hash chain, receipts, approved documents unchanged.
- `status`: a period's status with its integrity alarms (what `status` prints).

Import from the module that holds a name; this package re-exports nothing.
"""
