"""The pure coaching core: plain values in, plain values out, no I/O."""
