"""Build hook only (metadata lives in pyproject.toml): ship notebooks/ and expectations/.

The report notebooks and the Great Expectations suites stay at the top of the repository
(where analysts look for them); a wheel carries copies in ``gdpr_audit/_data/``, which
``gdpr_audit.core.shipped.shipped_dir`` reads before the checkout's folders. An editable
install copies nothing and reads the checkout, so edits there are live.
"""

import shutil
from pathlib import Path

from setuptools import setup
from setuptools.command.build_py import build_py

ROOT = Path(__file__).resolve().parent
SHIPPED = {"notebooks": "*.ipynb", "expectations": "*.json"}


class BuildPyWithShippedData(build_py):
    def run(self) -> None:
        super().run()
        if getattr(self, "editable_mode", False):
            return
        for name, pattern in SHIPPED.items():
            target = Path(self.build_lib, "gdpr_audit", "_data", name)
            target.mkdir(parents=True, exist_ok=True)
            for source in sorted((ROOT / name).glob(pattern)):
                shutil.copy2(source, target / source.name)


setup(cmdclass={"build_py": BuildPyWithShippedData})
