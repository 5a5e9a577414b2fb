"""The hub's dashboard in headless chromium (Debian's), driven by selenium through Debian's
chromedriver: what an analyst, a viewer and an administrator do there, each step checked on
the page the browser shows. Screenshots of every page are saved for people to look at.

Usage: dashboard_browser.py --url https://127.0.0.1:PORT --shots DIR --assets assets.json [...]
The hub must hold the users viewer-1, analyst-1 and admin-1 (password NAME-password-1, the
name without its -1) and the devices of the given assets.json files.
"""

import argparse
import json
import os
import sys

from selenium import webdriver
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.common.by import By
from selenium.common.exceptions import WebDriverException
from selenium.webdriver.support.ui import Select, WebDriverWait

parser = argparse.ArgumentParser()
parser.add_argument("--url", required=True)
parser.add_argument("--shots", required=True)
parser.add_argument("--assets", action="append", required=True)
args = parser.parse_args()

failures = []
steps = 0


def check(condition, what):
    global steps
    steps += 1
    if not condition:
        failures.append(what)
        print(f"FAIL {what}", file=sys.stderr)


def browser():
    options = webdriver.ChromeOptions()
    options.binary_location = "/usr/bin/chromium"
    # A laptop's screen: pages must fit its width without scrolling sideways.
    for flag in ["--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                 "--ignore-certificate-errors", "--window-size=1366,768"]:
        options.add_argument(flag)
    options.set_capability("goog:loggingPrefs", {"browser": "ALL"})
    driver = webdriver.Chrome(service=Service("/usr/bin/chromedriver"), options=options)
    # A loaded CI machine can be slow to draw a page: look for an element for up to 30 s.
    driver.implicitly_wait(30)
    return driver


def absent(driver, by, value):
    """Whether the page has no such element, asked without waiting for one to appear."""
    driver.implicitly_wait(0)
    try:
        return not driver.find_elements(by, value)
    finally:
        driver.implicitly_wait(30)


def follow(driver, element):
    """Clicks a link or a form's button and waits for the next page to replace this one."""
    old = driver.find_element(By.TAG_NAME, "html")
    element.click()

    def replaced(_):
        try:
            old.is_enabled()
            return False
        except WebDriverException:  # stale, or chromium's "does not belong to the document"
            return True

    WebDriverWait(driver, 60).until(replaced)
    WebDriverWait(driver, 60).until(lambda d: d.execute_script("return document.readyState") == "complete")


def shot(driver, name):
    driver.save_screenshot(os.path.join(args.shots, name + ".png"))


def open_page(driver, path, name):
    driver.get(args.url + path)
    check(driver.execute_script("return document.documentElement.scrollWidth <= window.innerWidth + 1"),
          f"{path} fits 1366 pixels without scrolling sideways")
    refused = [e["message"] for e in driver.get_log("browser") if "Content Security Policy" in e["message"]]
    check(not refused, f"{path} breaks no rule of its Content-Security-Policy: {refused[:2]}")
    shot(driver, name)


def sign_in(driver, name):
    driver.get(args.url + "/ui")
    check(driver.current_url.endswith("/ui/sign-in"), "a signed-out visitor is sent to the sign-in page")
    driver.find_element(By.ID, "name").send_keys(name)
    driver.find_element(By.ID, "password").send_keys(name.removesuffix("-1") + "-password-1")
    follow(driver, driver.find_element(By.ID, "sign-in"))
    check(driver.current_url.endswith("/ui"), f"{name} signs in and lands on the overview")


devices = [a for path in args.assets for a in json.load(open(path))["assets"]]

# An analyst: the overview, the devices, one device, the map, the alert queue and triage.
driver = browser()
try:
    driver.get(args.url + "/ui/sign-in")
    shot(driver, "01-sign-in")
    driver.find_element(By.ID, "name").send_keys("analyst-1")
    driver.find_element(By.ID, "password").send_keys("wrong")
    follow(driver, driver.find_element(By.ID, "sign-in"))
    check("Wrong name or password" in driver.find_element(By.ID, "error").text, "a wrong password is said to be wrong")
    sign_in(driver, "analyst-1")
    open_page(driver, "/ui", "02-overview")
    check(driver.find_element(By.ID, "asset-count").text == str(len({a["key"] for a in devices})),
          "the overview counts every device the sensor sent")
    check("city-sensor" in driver.find_element(By.ID, "sensors").text, "the overview lists the sensor")
    check(absent(driver, By.ID, "nav-admin"), "an analyst is offered no administration page")

    open_page(driver, "/ui/assets", "03-assets")
    table = driver.find_element(By.ID, "assets").text
    for device in devices:
        check(device["ips"][0] in table, f"the asset table shows {device['ips'][0]}")
    driver.find_element(By.ID, "search").send_keys("pump-plc")
    follow(driver, driver.find_element(By.CSS_SELECTOR, "#asset-filters button"))
    check(driver.find_element(By.ID, "asset-summary").text == "Devices 1–1 of 1", "a search finds the pump PLC alone")
    follow(driver, driver.find_element(By.CSS_SELECTOR, "a.asset-link"))
    check(driver.current_url.startswith(args.url + "/ui/asset?key="), "a device's row opens its page")
    identity = driver.find_element(By.ID, "identity").text
    check("Vigil Lab Pumps" in identity and "modbus FC43" in identity, "the device page shows its identity and evidence")
    check("modbus" in driver.find_element(By.ID, "usage").text, "the device page shows its traffic by protocol")
    Select(driver.find_element(By.ID, "level")).select_by_value("2")
    follow(driver, driver.find_element(By.ID, "set-level"))
    check("level 2" in driver.find_element(By.CSS_SELECTOR, "p.sub").text and "level set by analyst-1" in driver.page_source,
          "an analyst places the device at level 2 by hand")
    shot(driver, "04-asset")

    open_page(driver, "/ui/map", "05-map")
    nodes = driver.find_elements(By.CSS_SELECTOR, "#map g.node")
    keys = {n.get_attribute("data-key") for n in nodes}
    check(all(a["key"] in keys for a in devices), "the map has a node for every device")
    check(len(driver.find_elements(By.CSS_SELECTOR, "#map path.link")) > 0, "the map draws links")
    target = driver.find_element(By.CSS_SELECTOR, "#map g.node a")
    key = target.find_element(By.XPATH, "..").get_attribute("data-key")
    follow(driver, target)
    check(driver.find_element(By.ID, "asset-key").text == key, "clicking a map node opens that device's page")
    driver.get(args.url + "/ui/map")
    Select(driver.find_element(By.CSS_SELECTOR, "#map-filters select[name=protocol]")).select_by_value("modbus")
    follow(driver, driver.find_element(By.CSS_SELECTOR, "#map-filters button"))
    protocols = {p.get_attribute("data-protocol") for p in driver.find_elements(By.CSS_SELECTOR, "#map path.link")}
    check(protocols == {"modbus"}, f"the protocol filter leaves only modbus links ({protocols})")
    shot(driver, "06-map-modbus")

    open_page(driver, "/ui/alerts", "07-alerts")
    rows = driver.find_elements(By.CSS_SELECTOR, "#alerts tbody tr")
    check(len(rows) > 5, "the alert queue lists the samples' alerts")
    Select(driver.find_element(By.CSS_SELECTOR, "#alert-filters select[name=level]")).select_by_value("critical")
    follow(driver, driver.find_element(By.CSS_SELECTOR, "#alert-filters button"))
    critical = driver.find_elements(By.CSS_SELECTOR, "#alerts tbody tr")
    check(len(critical) >= 1 and all("critical" in r.text for r in critical), "the level filter keeps critical alerts")
    follow(driver, driver.find_element(By.CSS_SELECTOR, "a.alert-link"))
    check("T0" in driver.page_source and driver.find_elements(By.ID, "evidence"), "an alert shows its ATT&CK technique and evidence")
    shot(driver, "08-alert")
    Select(driver.find_element(By.ID, "state")).select_by_value("acknowledged")
    driver.find_element(By.ID, "assignee").send_keys("analyst-1")
    follow(driver, driver.find_element(By.ID, "save"))
    check(driver.find_element(By.ID, "alert-state").text == "acknowledged", "an analyst acknowledges an alert")
    check(driver.find_element(By.ID, "alert-assignee").text == "analyst-1", "and assigns it to herself")
    Select(driver.find_element(By.ID, "state")).select_by_value("closed")
    follow(driver, driver.find_element(By.ID, "save"))
    check("Say why the alert is closed" in driver.find_element(By.ID, "error").text, "closing without a comment is refused")
    Select(driver.find_element(By.ID, "state")).select_by_value("closed")
    driver.find_element(By.ID, "comment").send_keys("PLC stop during the planned maintenance window")
    follow(driver, driver.find_element(By.ID, "save"))
    check(driver.find_element(By.ID, "alert-state").text == "closed", "an analyst closes an alert with a comment")
    check("planned maintenance" in driver.find_element(By.ID, "comments").text, "the comment is kept")
    shot(driver, "09-alert-closed")

    # Response: the analyst asks for a block of the alert's source; only an admin approves it.
    follow(driver, driver.find_element(By.ID, "offer-block-source"))
    asked = driver.find_element(By.ID, "alert-actions").text
    check("block-host" in asked and "pending" in asked, "an analyst asks for a block from an alert's page")
    shot(driver, "09b-alert-block-asked")
    open_page(driver, "/ui/actions", "09c-response-analyst")
    pending = driver.find_element(By.ID, "pending-actions").text
    check("block-host" in pending and "analyst-1" in pending, "the request waits on the response page")
    check(not driver.find_elements(By.CSS_SELECTOR, "#pending-actions button[value=approve]"),
          "an analyst is offered no approval")

    follow(driver, driver.find_element(By.ID, "sign-out"))
    check(driver.current_url.endswith("/ui/sign-in"), "signing out returns to the sign-in page")
    driver.get(args.url + "/ui/alerts")
    check(driver.current_url.endswith("/ui/sign-in"), "after signing out, pages need signing in again")
finally:
    driver.quit()

# A viewer reads but cannot triage or administer.
driver = browser()
try:
    sign_in(driver, "viewer-1")
    check(absent(driver, By.ID, "nav-admin"), "a viewer is offered no administration page")
    driver.get(args.url + "/ui/admin")
    check("needs the admin role" in driver.find_element(By.ID, "refusal").text, "a viewer cannot reach the administration page")
    shot(driver, "10-viewer-refused")
    driver.get(args.url + "/ui/alerts?state=all")
    follow(driver, driver.find_element(By.CSS_SELECTOR, "a.alert-link"))
    check(absent(driver, By.ID, "triage"), "a viewer is given no triage form")
    check(absent(driver, By.ID, "offer-block-source"), "a viewer is offered no response from an alert")
    open_page(driver, "/ui/actions", "10b-response-viewer")
    check(absent(driver, By.ID, "request-form") and not driver.find_elements(By.CSS_SELECTOR, "button[value=approve]"),
          "a viewer sees the response page without its forms")
finally:
    driver.quit()

# An administrator sees sensors and users and makes an enrolment token.
driver = browser()
try:
    sign_in(driver, "admin-1")
    open_page(driver, "/ui/admin", "11-admin")
    check("city-sensor" in driver.find_element(By.ID, "admin-sensors").text, "the administration page lists the sensor")
    users = driver.find_element(By.ID, "users").text
    check(all(u in users for u in ["viewer-1", "analyst-1", "admin-1"]), "the administration page lists the users")
    follow(driver, driver.find_element(By.ID, "make-token"))
    check(driver.find_element(By.ID, "token").text.startswith("vigil1:"), "an administrator makes an enrolment token")
    shot(driver, "12-admin-token")

    # Users: one added (the password typed twice, a mismatch refused), then removed.
    def add_user(second):
        driver.find_element(By.ID, "user-name").send_keys("operator-2")
        Select(driver.find_element(By.ID, "user-role")).select_by_value("analyst")
        driver.find_element(By.ID, "user-password").send_keys("operator-password-2")
        driver.find_element(By.ID, "user-password2").send_keys(second)
        follow(driver, driver.find_element(By.ID, "add-user"))
    add_user("something-else-2")
    check("passwords differ" in driver.find_element(By.ID, "user-error").text, "a mismatched password is refused")
    add_user("operator-password-2")
    rows = [r.text for r in driver.find_elements(By.CSS_SELECTOR, "#users tr") if "operator-2" in r.text]
    check(len(rows) == 1 and "analyst" in rows[0], "an administrator adds a user")
    follow(driver, driver.find_element(By.ID, "remove-operator-2"))
    check("operator-2" not in driver.find_element(By.ID, "users").text, "and removes one")

    # The administrator approves the analyst's block: it moves to the actions in force.
    driver.get(args.url + "/ui")
    waiting = driver.find_element(By.ID, "response-summary").text
    check("waiting for approval" in waiting and not waiting.startswith("Response: 0 "),
          "the overview counts the actions waiting for approval")
    open_page(driver, "/ui/actions", "13-response-pending")
    rows = driver.find_elements(By.CSS_SELECTOR, "#pending-actions tbody tr")
    check(any("playbook:" in r.text for r in rows), "the shipped playbooks asked for actions on the attack sample's alerts")
    mine = [r for r in rows if "analyst-1" in r.text]
    check(len(mine) == 1, "the analyst's request is waiting")
    action = mine[0].get_attribute("id")
    follow(driver, mine[0].find_element(By.CSS_SELECTOR, "button[value=approve]"))
    in_force = driver.find_element(By.ID, "active-actions").text
    check("block-host" in in_force and "admin-1" in in_force, "an administrator approves a block, which is then in force")
    check(absent(driver, By.CSS_SELECTOR, f"#pending-actions #{action}"), "the approved request no longer waits")
    shot(driver, "14-response-in-force")
finally:
    driver.quit()

print(f"Dashboard in chromium: {steps - len(failures)}/{steps} checks pass; screenshots in {args.shots}")
sys.exit(1 if failures else 0)
