"""The report's only script: plotly.js, copied once from the installed plotly package."""

from __future__ import annotations

import hashlib
import shutil
from importlib import resources
from pathlib import Path

from gdpr_audit.core.errors import ConfigError
from gdpr_audit.report.pages import PLOTLY_ASSET


def plotly_js_source() -> Path:
    """``plotly/package_data/plotly.min.js`` of the installed plotly (the version it draws with).

    Raises:
        ConfigError: the plotly installation lacks its bundled plotly.js.
    """
    path = Path(str(resources.files("plotly").joinpath("package_data", "plotly.min.js")))
    if not path.is_file():
        raise ConfigError("plotly.min.js missing from the installed plotly package; reinstall it")
    return path


def _digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def install_plotly_js(report_dir: Path) -> Path:
    """Copy plotly.js to ``report_dir/assets/plotly.min.js`` unless an identical copy is there."""
    source = plotly_js_source()
    target = report_dir / PLOTLY_ASSET
    if target.is_file() and target.stat().st_size == source.stat().st_size \
            and _digest(target) == _digest(source):
        return target
    target.parent.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(source, target)
    return target
