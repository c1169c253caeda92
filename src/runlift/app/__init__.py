"""Use cases both faces call (STYLE §1): each takes a store, an athlete and a day, owns the transaction,
and returns core values or plain documents; no typer, no rich, no os.environ."""
