"""Migration 0003 on a store that already holds imports: each imported set learns its source name where the
mapping says it unambiguously; hand-logged sets never get one (so `import --map` never moves them)."""

from __future__ import annotations

from sqlalchemy import create_engine, text

from runlift.store.db import current_revision, head, migrate, upgrade


def test_imported_sets_learn_their_source_name(empty_db_url: str):
    engine = create_engine(empty_db_url)
    try:
        upgrade(engine, "0002")
        now = "2026-11-30 10:00:00"
        with engine.begin() as db:
            db.execute(text(f"INSERT INTO athletes (id, name, created_at) VALUES (1, 'Maya', '{now}')"))
            for sid, source in ((1, "manual"), (2, "strong"), (3, "hevy")):
                db.execute(
                    text(
                        "INSERT INTO lift_sessions (id, athlete_id, date, planned, note, source, created_at) "
                        f"VALUES ({sid}, 1, '2026-11-2{sid}', false, '', '{source}', '{now}')"
                    )
                )
            sets = [(1, 1, "goblet-squat"), (2, 2, "goblet-squat"), (3, 2, "bench-press"), (4, 3, "bench-press")]
            for set_id, sid, exercise in sets:
                db.execute(
                    text(
                        "INSERT INTO lift_sets (id, session_id, position, exercise, side, weight, unit, reps, status) "
                        f"VALUES ({set_id}, {sid}, 0, '{exercise}', 'both', 20, 'lb', 5, 'done')"
                    )
                )
            names = [
                ("Goblet Squat (Dumbbell)", "goblet-squat"),
                ("Bench Press", "bench-press"),
                ("Bench", "bench-press"),
            ]
            for source_name, exercise in names:
                db.execute(
                    text(
                        "INSERT INTO exercise_names (athlete_id, source_name, exercise, how, score) "
                        f"VALUES (1, '{source_name}', '{exercise}', 'table', 100)"
                    )
                )
        migrate(engine)
        assert current_revision(engine) == head()
        with engine.connect() as db:
            got = dict(db.execute(text("SELECT id, source_name FROM lift_sets ORDER BY id")).all())
        # hand-logged: none; one name for goblet-squat: learned; two names for bench-press: unknown
        assert got == {1: None, 2: "Goblet Squat (Dumbbell)", 3: None, 4: None}
    finally:
        engine.dispose()
