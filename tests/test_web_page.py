"""The office's page in a real browser: headless Chromium loads it, filters it, opens a KIM.

Chromium and its driver are Debian's (``chromium``, ``chromium-driver``; ``.ci/run``
installs them). A screenshot of each view is kept under the run's temporary
folder, ``$TMPDIR/kimcore-artefacts/`` (or the folder ``KIMCORE_ARTEFACTS`` names),
for a person to look at.
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from tests.services import require_program
from tests.web_server import kimcore, serving, write_tokens

from kimcore.register import template_table

ARTEFACTS = Path(
    os.environ.get("KIMCORE_ARTEFACTS") or Path(tempfile.gettempdir()) / "kimcore-artefacts"
)


def _register(tmp_path: Path) -> Path:
    """The template's KIM, and a second one in another district (Sabangau, 62.71.02)."""
    headings, rows = template_table()
    lines = [",".join(headings)] + [",".join(row) for row in rows]
    second = [
        line.replace("KIM-6271-001", "KIM-6271-002")
        .replace("KIM Sukamaju", "KIM Sabangau Jaya")
        .replace("62.71.01.1002,Langkai", "62.71.02.1001,Kereng Bangkirai")
        for line in lines[2:]
        if not line.startswith("forum")
    ]
    path = tmp_path / "register.csv"
    path.write_text("\n".join([*lines, *second]), encoding="utf-8")
    return path


@pytest.fixture
def browser() -> Iterator[object]:
    webdriver = pytest.importorskip("selenium.webdriver", reason="needs the test extra")
    chromium = require_program("chromium", "chromium")
    driver_path = require_program("chromedriver", "chromium-driver")
    options = webdriver.ChromeOptions()
    options.binary_location = chromium
    for flag in (
        "--headless=new",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-dev-shm-usage",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--window-size=412,915",  # a phone's screen
    ):
        options.add_argument(flag)
    driver = webdriver.Chrome(options=options, service=webdriver.ChromeService(driver_path))
    try:
        yield driver
    finally:
        driver.quit()


def test_an_officer_filters_the_page_and_opens_a_kim(browser: object, tmp_path: Path) -> None:
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support.ui import Select, WebDriverWait

    url = f"sqlite:///{tmp_path / 'kim.db'}"
    done = kimcore(url, "import", str(_register(tmp_path)))
    assert done.returncode == 0, done.stderr
    ARTEFACTS.mkdir(parents=True, exist_ok=True)
    driver: object = browser
    with serving(url, write_tokens(tmp_path / "tokens.json")) as base:
        driver.get(f"{base}/")  # type: ignore[attr-defined]
        find = driver.find_element  # type: ignore[attr-defined]
        assert driver.title.startswith("KIM per wilayah")  # type: ignore[attr-defined]
        # What a screen reader relies on: the language, a label for every field, header cells.
        assert find(By.TAG_NAME, "html").get_attribute("lang") == "id"
        for field in driver.find_elements(By.CSS_SELECTOR, "select, input"):  # type: ignore[attr-defined]
            assert field.find_element(By.XPATH, "ancestor::label").text
        headers = driver.find_elements(By.CSS_SELECTOR, "th")  # type: ignore[attr-defined]
        assert headers
        assert all(th.get_attribute("scope") == "col" for th in headers)
        status = find(By.CSS_SELECTOR, "[role=status]").text
        assert status.startswith("2 KIM ditampilkan")
        summary = find(By.CSS_SELECTOR, "table").text
        assert "62.71" in summary
        driver.save_screenshot(str(ARTEFACTS / "office-page.png"))  # type: ignore[attr-defined]
        # The officer picks the district of Pahandut and filters.
        Select(find(By.NAME, "region")).select_by_value("62.71.01")
        find(By.CSS_SELECTOR, "button[type=submit]").click()
        # A click starts the navigation and returns: wait for the page it leads to.
        WebDriverWait(driver, 30).until(lambda d: "region=62.71.01" in d.current_url)  # type: ignore[type-var, attr-defined]
        assert find(By.CSS_SELECTOR, "[role=status]").text.startswith("1 KIM ditampilkan")
        listing = driver.find_elements(By.CSS_SELECTOR, "table")[1].text  # type: ignore[attr-defined]
        assert "KIM Sukamaju" in listing
        assert "KIM Sabangau Jaya" not in listing
        driver.save_screenshot(str(ARTEFACTS / "office-page-filtered.png"))  # type: ignore[attr-defined]
        find(By.LINK_TEXT, "KIM Sukamaju").click()
        WebDriverWait(driver, 30).until(lambda d: "/kim/" in d.current_url)  # type: ignore[type-var, attr-defined]
        timeline = find(By.CSS_SELECTOR, "table").text
        assert "KIM dibentuk" in timeline
        assert "Terdaftar di Diskominfo" in timeline
        assert "Siti Rahma" not in find(By.TAG_NAME, "body").text  # no personal data, ever
        driver.save_screenshot(str(ARTEFACTS / "kim-timeline.png"))  # type: ignore[attr-defined]
    assert (ARTEFACTS / "office-page.png").stat().st_size > 0


def test_the_charts_draw_on_a_desktop_and_on_a_phone(browser: object, tmp_path: Path) -> None:
    """The four charts show; at 375 px nothing scrolls sideways, the KIM list reads as cards."""
    from selenium.webdriver.common.by import By

    db = tmp_path / "demo.db"
    done = kimcore(f"sqlite:///{db}", "demo", "--db", str(db), "--villages", "1")
    assert done.returncode == 0, done.stderr
    ARTEFACTS.mkdir(parents=True, exist_ok=True)
    driver: Any = browser
    with serving(f"sqlite:///{db}", write_tokens(tmp_path / "tokens.json")) as base:
        for width, name in ((1280, "desktop"), (375, "phone")):
            driver.set_window_size(width, 900)
            driver.get(f"{base}/")
            figures = driver.find_elements(By.CSS_SELECTOR, "figure svg")
            assert len(figures) == 4
            for svg in figures:
                assert svg.size["width"] > 0
                assert svg.size["height"] > 0
                assert svg.get_attribute("role") == "img"
            bars = driver.find_elements(By.CSS_SELECTOR, "figure svg rect")
            assert len(bars) > 20
            assert len(driver.find_elements(By.CSS_SELECTOR, "figure svg g[data-code]")) == 11
            # Nothing a strict Content-Security-Policy would block: no script, no style attribute.
            assert driver.find_elements(By.CSS_SELECTOR, "script, [style]") == []
            page_width = driver.execute_script("return document.documentElement.scrollWidth")
            viewport = driver.execute_script("return window.innerWidth")
            assert page_width <= viewport, f"{page_width} px wide in a {viewport} px window"
            if width == 375:
                card = driver.find_elements(By.CSS_SELECTOR, "table.cards td")[0]
                assert card.value_of_css_property("display") == "block"
            height = driver.execute_script("return document.documentElement.scrollHeight")
            driver.set_window_size(width, min(height, 6000))
            driver.save_screenshot(str(ARTEFACTS / f"office-charts-{name}.png"))
    assert (ARTEFACTS / "office-charts-phone.png").stat().st_size > 0
