import os
import sys

from policy.cli import main

try:
    status = main()
    sys.stdout.flush()
except BrokenPipeError:
    # The reader stopped early (`python -m policy matrix … | head`): that is not an error of ours.
    # Point stdout at nothing so the interpreter's own flush at exit does not raise again.
    os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
    status = 0
sys.exit(status)
