from __future__ import annotations

from pathlib import Path

from viewer.paths import DATA_DIR_ENV, DataPaths, resolve_data_dir


def test_flag_beats_environment_beats_platform(tmp_path: Path) -> None:
    env = {DATA_DIR_ENV: str(tmp_path / "from-env")}
    assert resolve_data_dir(tmp_path / "flag", env) == (tmp_path / "flag").resolve()
    assert resolve_data_dir(None, env) == (tmp_path / "from-env").resolve()
    platform_default = resolve_data_dir(None, {})
    assert platform_default.name == "archive-viewer"
    assert str(tmp_path) not in str(platform_default)


def test_data_paths_live_inside_the_root(tmp_path: Path) -> None:
    paths = DataPaths(tmp_path).ensure()
    for p in (paths.library_db, paths.userdata_db, paths.index_dir, paths.files_dir, paths.backups_dir):
        assert p.parent == tmp_path
    assert paths.files_dir.is_dir()
