"""Run benchmarks by name, or all of them: python -m bench [pages search alerts insights]."""

import importlib
import os
import pkgutil
import sys
from pathlib import Path


def available():
    folder = Path(__file__).parent
    return sorted(m.name for m in pkgutil.iter_modules([str(folder)]) if not m.name.startswith("_"))


def main(names):
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "portal.settings.test")
    names = names or available()
    unknown = set(names) - set(available())
    if unknown:
        sys.exit(f"Unknown benchmark(s): {', '.join(sorted(unknown))}. Choose from: {', '.join(available())}")
    for name in names:
        print(f"== bench {name} ==", flush=True)
        importlib.import_module(f"bench.{name}").main()


if __name__ == "__main__":
    main(sys.argv[1:])
