"""The sandbox page in a real headless browser (Debian's chromium and chromedriver, driven by
selenium), on `interlog sandbox` started as a process: type, tap, read what the bot answered.

Skipped where no browser is installed, except under CI=true, where .ci/run installs one."""

from __future__ import annotations

import os
import re
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.sandbox.process import SandboxProcess, sandbox_process

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
CHROMEDRIVER = shutil.which("chromedriver")
WAIT = 30

if not (CHROMIUM and CHROMEDRIVER):
    if os.environ.get("CI") == "true":
        raise RuntimeError("CI must run the browser tests: install chromium and chromium-driver")
    pytest.skip(
        "no chromium/chromedriver here (apt-get install chromium chromium-driver)",
        allow_module_level=True,
    )

from selenium import webdriver  # noqa: E402 (only where a browser exists)
from selenium.webdriver.chrome.service import Service  # noqa: E402
from selenium.webdriver.common.by import By  # noqa: E402
from selenium.webdriver.common.keys import Keys  # noqa: E402
from selenium.webdriver.remote.webdriver import WebDriver  # noqa: E402
from selenium.webdriver.remote.webelement import WebElement  # noqa: E402
from selenium.webdriver.support.ui import WebDriverWait  # noqa: E402


@pytest.fixture(scope="module")
def sandbox() -> Iterator[SandboxProcess]:
    with sandbox_process() as running:
        yield running


@pytest.fixture(scope="module")
def browser() -> Iterator[WebDriver]:
    options = webdriver.ChromeOptions()
    options.binary_location = str(CHROMIUM)
    for argument in ("--headless=new", "--no-sandbox", "--disable-gpu",
                     "--disable-dev-shm-usage", "--window-size=1100,900", "--lang=en"):  # fmt: skip
        options.add_argument(argument)
    driver = webdriver.Chrome(options=options, service=Service(executable_path=CHROMEDRIVER))
    try:
        yield driver
    finally:
        driver.quit()


def _wait(driver: WebDriver) -> WebDriverWait[WebDriver]:
    return WebDriverWait(driver, WAIT)


def _button(driver: WebDriver, pane: str, label: str) -> WebElement:
    """The newest button in `pane` whose text contains `label`, once it is there."""
    xpath = f"(//ol[@id='{pane}']//button[contains(., '{label}')])[last()]"
    found: WebElement = _wait(driver).until(lambda d: d.find_element(By.XPATH, xpath))
    return found


def _message_with(driver: WebDriver, pane: str, text: str) -> WebElement:
    xpath = f"(//ol[@id='{pane}']/li[contains(., '{text}')])[last()]"
    found: WebElement = _wait(driver).until(lambda d: d.find_element(By.XPATH, xpath))
    return found


def _open(driver: WebDriver, sandbox: SandboxProcess) -> None:
    driver.get(sandbox.url)
    _wait(driver).until(lambda d: d.find_elements(By.CSS_SELECTOR, "#menu li"))


def test_type_tap_and_log_an_interaction(
    browser: WebDriver, sandbox: SandboxProcess, tmp_path: Path
) -> None:
    _open(browser, sandbox)
    text = browser.find_element(By.ID, "text")
    assert browser.find_element(By.CSS_SELECTOR, "label[for=text]").get_attribute("textContent")
    text.send_keys("/interact novak", Keys.ENTER)
    _message_with(browser, "private-log", "/interact novak")
    question = _message_with(browser, "private-log", "which kind of interaction?")
    assert "Jan Novák" in question.text  # the only contact "novak" finds: chosen at once
    _button(browser, "private-log", "Outgoing phone call").click()
    card = _message_with(browser, "private-log", "New interaction")
    card.screenshot(str(tmp_path / "card.png"))
    _button(browser, "private-log", "Log").click()
    logged = _message_with(browser, "private-log", "Logged #")
    assert re.search(r"Logged #\d+: Outgoing phone call with Jan Novák", logged.text), logged.text
    shot = tmp_path / "logged-card.png"
    logged.screenshot(str(shot))
    assert shot.stat().st_size > 0
    print(f"screenshots of the card: {tmp_path}")

    # The team group's pane shows the bot's announcement of it.
    announced = _message_with(browser, "team-log", "Jana Nováková logged Outgoing phone call")
    assert announced.is_displayed()
    browser.save_screenshot(str(tmp_path / "page.png"))


def test_the_command_menu_works_from_the_keyboard(
    browser: WebDriver, sandbox: SandboxProcess
) -> None:
    _open(browser, sandbox)
    menu_button = browser.find_element(By.ID, "menu-button")
    menu_button.send_keys(Keys.ENTER)
    menu = browser.find_element(By.ID, "menu")
    _wait(browser).until(lambda d: menu.is_displayed())
    assert menu_button.get_attribute("aria-expanded") == "true"
    commands = [item.text for item in menu.find_elements(By.TAG_NAME, "li")]
    assert any(c.startswith("/interact") for c in commands), commands
    focused = browser.switch_to.active_element
    assert focused.text.startswith("/interact")  # the menu took the focus
    focused.send_keys(Keys.ESCAPE)
    _wait(browser).until(lambda d: not menu.is_displayed())
    assert browser.switch_to.active_element == menu_button


def test_switching_user_and_a_phone_sized_screen(
    browser: WebDriver, sandbox: SandboxProcess, tmp_path: Path
) -> None:
    _open(browser, sandbox)
    browser.find_element(By.ID, "user").send_keys("Petr")
    _wait(browser).until(lambda d: "administrator" in d.find_element(By.ID, "private-sub").text)
    browser.find_element(By.ID, "text").send_keys("/start", Keys.ENTER)
    _message_with(browser, "private-log", "/segments")
    browser.set_window_size(390, 844)
    try:
        assert browser.find_element(By.ID, "text").is_displayed()
        assert not browser.find_element(By.ID, "team").is_displayed()
        browser.find_element(By.ID, "tab-team").click()
        _wait(browser).until(lambda d: d.find_element(By.ID, "team").is_displayed())
        assert not browser.find_element(By.ID, "private").is_displayed()
        browser.save_screenshot(str(tmp_path / "phone-team.png"))
        browser.find_element(By.ID, "tab-private").click()
        browser.save_screenshot(str(tmp_path / "phone-chat.png"))
        print(f"phone-sized screenshots in {tmp_path}")
    finally:
        browser.set_window_size(1100, 900)
