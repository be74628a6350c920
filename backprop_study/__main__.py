import sys

from backprop_study.cli import main

sys.exit(main())
