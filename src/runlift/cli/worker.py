"""`runlift worker`: run queued jobs (imports uploaded through the API) outside the app processes."""

from __future__ import annotations

from typing import Annotated

import typer

from runlift.cli.output import JsonTextOpt, console, emit_json
from runlift.cli.state import options


def register(app: typer.Typer) -> None:
    app.command("worker")(worker_command)


def worker_command(
    ctx: typer.Context,
    once: Annotated[bool, typer.Option("--once", help="Run the jobs waiting now, then exit.")] = False,
    poll: Annotated[
        float, typer.Option("--poll", min=0.05, max=60.0, help="Seconds between looks at the job table when idle.")
    ] = 1.0,
    lease: Annotated[
        float,
        typer.Option(
            "--lease",
            min=1.0,
            max=3600.0,
            help="Seconds a job stays this worker's unless renewed (renewed every third).",
        ),
    ] = 60.0,
    json_: JsonTextOpt = False,
) -> None:
    """Run queued jobs (imports uploaded through the API) until stopped; `runlift serve` runs one in
    every app process already: this is for keeping imports off the app processes."""
    import contextlib
    import datetime as dt
    import logging

    from runlift.app.jobs import Worker

    logging.basicConfig(level=logging.WARNING, format="%(asctime)s %(name)s %(levelname)s %(message)s")
    logging.getLogger("runlift.jobs").setLevel(logging.INFO)
    given = options(ctx)
    lease_for = dt.timedelta(seconds=lease)
    worker = Worker(given.store(), poll=poll, lease=lease_for, heartbeat_s=lease / 3, limits=given.import_limits())
    with contextlib.suppress(KeyboardInterrupt):  # Ctrl-C: a job cut short runs again once its lease expires
        worker.run(once=once)
    if json_:
        emit_json({"ran": worker.ran})
    else:
        console().print(f"{worker.ran} job(s) run.")
