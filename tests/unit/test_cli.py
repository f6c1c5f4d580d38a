from pathlib import Path

from click.testing import CliRunner

from atlaspress.app.cli import cli

from ..conftest import post_text


def run(*args):
    return CliRunner().invoke(cli, list(args), catch_exceptions=False)


def test_help_explains_the_commands():
    result = run("--help")
    assert result.exit_code == 0
    for word in ("build", "serve", "check", "new", "Exit status"):
        assert word in result.output


def test_build_reports_bad_post_and_builds_the_rest(make_site, chdir_tmp):
    bad = post_text().replace("at: 37.93, 126.60", "at: 137.9, 126.6")
    make_site({"good": post_text(title="Good"), "bad": bad})
    result = run("build", "site", "--out", "out")
    assert result.exit_code == 1
    assert "site/content/places/bad/index.md:7:7: error[place.at]: latitude 137.9 is out of range" in result.output
    assert "hint: latitude runs from -90" in result.output
    assert (chdir_tmp / "out/places/good/index.html").is_file()


def test_strict_fails_on_warnings_and_writes_nothing(make_site, chdir_tmp):
    make_site({"a": post_text() + "\n[broken](no-such-post)\n"})
    assert run("build", "site", "--out", "out").exit_code == 0
    strict = run("build", "site", "--out", "out2", "--strict")
    assert strict.exit_code == 1
    assert "warning[link]: link to 'no-such-post' matches no post" in strict.output
    assert not (chdir_tmp / "out2").exists()


def test_usage_errors_exit_2(tmp_path):
    assert run("build", str(tmp_path / "missing")).exit_code == 2
    assert run("build", "--no-such-option").exit_code == 2
    assert run("new", "post", "X", "--at", "200, 10", "--site", str(tmp_path)).exit_code == 2


def test_check_writes_nothing(make_site, chdir_tmp):
    make_site({"a": post_text()})
    result = run("check", "site")
    assert result.exit_code == 0
    assert "checked" in result.output
    assert not (chdir_tmp / "site/public").exists()


def test_new_site_then_post_builds(tmp_path):
    site = tmp_path / "atlas"
    assert run("new", "site", str(site)).exit_code == 0
    made = run(
        "new", "post", "Kinmen & Lienchiang", "--at", "24.45 N, 118.38 E", "--site", str(site), "--series", "places"
    )
    assert made.exit_code == 0, made.output
    index = site / "content/places/kinmen-lienchiang/index.md"
    assert Path(made.output.strip()) == index
    assert "at: 24.45 N, 118.38 E" in index.read_text()
    result = run("build", str(site))
    assert result.exit_code == 0, result.output
    assert (site / "public/places/kinmen-lienchiang/index.html").is_file()
    assert run("new", "site", str(site)).exit_code == 2


def test_import_kml_creates_a_post_that_builds(tmp_path):
    site = tmp_path / "atlas"
    run("new", "site", str(site))
    kml = tmp_path / "export.kml"
    kml.write_text("""<?xml version="1.0" encoding="UTF-8"?>
<kml xmlns="http://www.opengis.net/kml/2.2"><Document><name>Panmunjom crossings</name>
<Folder><name>Crossings</name>
<Placemark><name>Dorasan</name><Point><coordinates>126.6897,37.8989,0</coordinates></Point></Placemark>
<Placemark><name>Panmunjom</name><Point><coordinates>126.6772,37.9560,0</coordinates></Point></Placemark>
</Folder></Document></kml>""")
    result = run("import", "kml", str(kml), "--site", str(site))
    assert result.exit_code == 0, result.output
    assert "created" in result.output and "2 features" in result.output
    post = site / "content/places/panmunjom-crossings/index.md"
    assert post.is_file()
    built = run("build", str(site))
    assert built.exit_code == 0, built.output
    data = (site / "public/places/panmunjom-crossings/map.geojson").read_text()
    assert "Dorasan" in data


def test_import_refuses_external_entities(tmp_path):
    site = tmp_path / "atlas"
    run("new", "site", str(site))
    secret = tmp_path / "secret.txt"
    secret.write_text("TOP SECRET")
    kml = tmp_path / "evil.kml"
    kml.write_text(f"""<?xml version="1.0"?>
<!DOCTYPE kml [<!ENTITY x SYSTEM "file://{secret}">]>
<kml xmlns="http://www.opengis.net/kml/2.2"><Document><name>&x;</name></Document></kml>""")
    result = run("import", "kml", str(kml), "--site", str(site))
    assert result.exit_code == 1
    assert "error[layer]" in result.output
    assert "TOP SECRET" not in result.output


def test_the_command_exits_with_clicks_status_and_runs_exit_handlers(make_site, chdir_tmp, monkeypatch):
    """``main`` leaves with ``os._exit`` (no teardown of a build's objects): the status, the
    printed output and the removal of a spool's temporary folder must survive that."""
    import subprocess
    import sys
    import tempfile

    make_site({"bad": post_text().replace("at: 37.93, 126.60", "at: 137.9, 126.6"), "good": post_text("Good")})
    spools = Path(tempfile.mkdtemp())  # the spool's folder goes here: MEMORY_BYTES=0 spills every file
    script = ("import sys, atlaspress.core.spool as s; s.MEMORY_BYTES = 0; "
              "sys.argv = ['atlaspress'] + sys.argv[1:]; from atlaspress.app.cli import main; main()")
    env = {**__import__("os").environ, "TMPDIR": str(spools)}

    def command(*args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run([sys.executable, "-c", script, *args], capture_output=True, text=True, env=env,
                              timeout=300, check=False)

    built = command("build", "site", "--out", "out")
    assert built.returncode == 1, built.stderr
    assert "error[place.at]: latitude 137.9 is out of range" in built.stderr
    assert "built " in built.stderr and (chdir_tmp / "out/places/good/index.html").is_file()
    assert not [p for p in spools.iterdir() if p.name.startswith("atlaspress-spool-")]  # removed at exit
    assert command("build", "missing").returncode == 2
    assert command("--version").returncode == 0 and command("--version").stdout.strip()


def test_a_build_runs_the_cyclic_collector_less_often(make_site, chdir_tmp):
    import gc

    from atlaspress.app.cli import GC_THRESHOLD

    site = make_site({"a": post_text()})
    before = gc.get_threshold()
    try:
        gc.set_threshold(700, 10, 10)
        result = run("build", str(site), "--quiet")
        assert result.exit_code == 0, result.output
        assert gc.get_threshold() == (GC_THRESHOLD, 10, 10)
    finally:
        gc.set_threshold(*before)
