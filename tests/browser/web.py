#!/usr/bin/python3
"""The hub's web front in a real browser: Debian's chromium, headless,
driven by chromedriver through selenium.  Run by
tests/integration/web-browser.sh against a running tally-hub.

    web.py --url http://127.0.0.1:PORT --out DIR --token DEVICE-TOKEN

Each check prints "ok - NAME" or "not ok - NAME: why"; the exit status is
1 when any failed.  Screenshots (and the pick list printed to PDF) are
kept in DIR as the run's artefacts.
"""
import argparse
import base64
import os
import sys
import urllib.error
import urllib.request

from selenium import webdriver
from selenium.common.exceptions import NoAlertPresentException
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.common.by import By
from selenium.webdriver.support import expected_conditions as EC
from selenium.webdriver.support.ui import Select, WebDriverWait

PASSWORD = "riktig hest batteri"


def browser():
    o = webdriver.ChromeOptions()
    o.binary_location = "/usr/bin/chromium"
    for a in ("--headless=new", "--no-sandbox", "--disable-dev-shm-usage",
              "--disable-gpu", "--window-size=1280,900", "--lang=nb-NO"):
        o.add_argument(a)
    o.add_experimental_option("prefs", {"intl.accept_languages": "nb-NO,nb"})
    o.set_capability("goog:loggingPrefs", {"browser": "ALL"})
    return webdriver.Chrome(service=Service("/usr/bin/chromedriver"), options=o)


class Run:
    def __init__(self, url, out, token):
        self.url, self.out, self.token, self.failed = url, out, token, 0
        self.d = browser()

    def go(self, path):
        self.d.get(self.url + path)

    def text(self, css):
        return self.d.find_element(By.CSS_SELECTOR, css).text

    def wait_text(self, css, want, secs=10):
        WebDriverWait(self.d, secs).until(
            EC.text_to_be_present_in_element((By.CSS_SELECTOR, css), want))

    def shot(self, name):
        self.d.save_screenshot(os.path.join(self.out, name))

    def csp_errors(self):
        return [e["message"] for e in self.d.get_log("browser")
                if "Content Security Policy" in e["message"]]

    def sign_in(self, login, password):
        self.go("/signin?next=/refill")
        self.d.find_element(By.ID, "login").send_keys(login)
        self.d.find_element(By.ID, "password").send_keys(password)
        self.d.find_element(By.CSS_SELECTOR, "main form button").click()

    def sign_out(self):
        self.d.delete_all_cookies()

    def device(self, path, body=None):
        """A request as the enrolled handheld makes it: (status, text)."""
        rq = urllib.request.Request(self.url + path, data=body, headers={
            "Authorization": "Bearer " + self.token, "Content-Type": "application/json"})
        try:
            with urllib.request.urlopen(rq, timeout=30) as resp:
                return resp.status, resp.read().decode()
        except urllib.error.HTTPError as e:
            return e.code, e.read().decode()

    def check(self, name, fn):
        try:
            fn(self)
            print(f"ok - {name}")
        except Exception as e:  # a failed check says what and goes on
            self.failed += 1
            print(f"not ok - {name}: {type(e).__name__}: {e}")
            try:
                self.shot(f"failed-{name}.png")
            except Exception:
                pass


def borrow_search(r):
    r.go("/borrow")
    assert r.text("h1") == "Hvor kan jeg låne?", r.text("h1")
    Select(r.d.find_element(By.ID, "hospital")).select_by_visible_text("Sykehuset Sør")
    q = r.d.find_element(By.ID, "q")
    q.send_keys("paracet")
    q.submit()
    r.wait_text("main h2", "Paracet 500 mg tablett, 20 stk (A1)")
    rows = [tr.text for tr in r.d.find_elements(By.CSS_SELECTOR, "main tbody tr")]
    assert len(rows) == 2, rows
    # The visitor's own hospital first; the ward's last count said.
    assert rows[0].startswith("Sykehuset Sør Kirurgisk 1 (KIR1)"), rows
    assert "ikke telt" in rows[0], rows
    assert rows[1].startswith("Sykehuset Nord Medisinsk 1 (MED1) 3 2026-11-23 09:15"), rows
    assert "Europe/Oslo" in r.text("footer")
    # The style sheet is the hub's own and the policy let it load.
    bg = r.d.execute_script(
        "return getComputedStyle(document.querySelector('header')).backgroundColor")
    assert bg == "rgb(0, 91, 143)", bg
    assert r.csp_errors() == [], r.csp_errors()
    r.shot("borrow.png")
    # English by choice.
    r.d.find_element(By.CSS_SELECTOR, "a.lang").click()
    r.wait_text("h1", "Where can I borrow?")
    r.go("/borrow")  # remembered in a cookie...
    r.wait_text("h1", "Where can I borrow?")
    r.d.find_element(By.CSS_SELECTOR, "a.lang").click()  # ...until switched back
    r.wait_text("h1", "Hvor kan jeg låne?")


def borrow_on_a_phone(r):
    r.d.set_window_size(390, 844)
    try:
        r.go("/borrow?q=paracet&lang=nb")
        over = r.d.execute_script(
            "return document.documentElement.scrollWidth - window.innerWidth")
        assert over <= 0, f"the page is {over}px wider than the phone"
        r.shot("borrow-phone.png")
    finally:
        r.d.set_window_size(1280, 900)


def script_article_is_text(r):
    r.go("/borrow?q=script")
    r.wait_text("main h2", "<script>alert(1)</script> (X1)")
    try:
        alert = r.d.switch_to.alert
        raise AssertionError(f"a script ran: alert {alert.text!r}")
    except NoAlertPresentException:
        pass
    n = r.d.execute_script("return document.querySelectorAll('main script').length")
    assert n == 0, n
    r.go("/basis?article=X1")
    assert "<script>alert(1)</script>" in r.text("main table")


def wrong_password(r):
    r.sign_out()
    r.sign_in("anne", "not the password")
    r.wait_text("#signin-problem", "Feil brukernavn eller passord.")
    assert r.d.get_cookie("tally_session") is None
    # The fields are one line high (a column of fields once stretched
    # each to 16rem).
    for field in ("login", "password"):
        h = r.d.find_element(By.ID, field).size["height"]
        assert h < 60, (field, h)


def sign_in_and_pick_list(r):
    r.sign_out()
    r.sign_in("anne", PASSWORD)
    r.wait_text("h1", "Plukklister")
    assert "Anne Hansen" in r.text("header")
    cookie = r.d.get_cookie("tally_session")
    assert cookie and cookie["httpOnly"] and cookie.get("sameSite") == "Lax", cookie
    assert r.d.execute_script("return document.cookie").find("tally_session") < 0
    Select(r.d.find_element(By.ID, "ward")).select_by_value("MED1")
    r.d.find_element(By.CSS_SELECTOR, "main form.search button").click()
    r.wait_text("main h2", "Medisinsk 1 (MED1)")
    rows = r.d.find_elements(By.CSS_SELECTOR, "main tbody tr")
    boxes = r.d.find_elements(By.CSS_SELECTOR, "main tbody input[type=checkbox]")
    assert len(rows) == 3 and len(boxes) == 3, (len(rows), len(boxes))
    a1 = [tr.text for tr in rows if "Paracet" in tr.text]
    # Counted 3, min 5, max 20: bring 17.
    assert a1 == ["A1 Paracet 500 mg tablett, 20 stk 3 5 20 fyll opp ved min 17"], a1
    uncounted = r.d.find_elements(By.CSS_SELECTOR, "main tbody tr.uncounted")
    assert len(uncounted) == 2, len(uncounted)
    assert "tell først" in uncounted[0].text, uncounted[0].text
    boxes[0].click()
    assert boxes[0].is_selected()
    r.shot("refill.png")
    # The print view: navigation, forms and links gone, the list whole.
    r.d.execute_cdp_cmd("Emulation.setEmulatedMedia", {"media": "print"})
    try:
        assert not r.d.find_element(By.CSS_SELECTOR, "header").is_displayed()
        assert not r.d.find_element(By.CSS_SELECTOR, "main form.search").is_displayed()
        assert not r.d.find_element(By.CSS_SELECTOR, "[data-print]").is_displayed()
        assert r.d.find_element(By.CSS_SELECTOR, "main table").is_displayed()
        r.shot("refill-print.png")
    finally:
        r.d.execute_cdp_cmd("Emulation.setEmulatedMedia", {"media": ""})
    pdf = r.d.execute_cdp_cmd("Page.printToPDF", {"printBackground": False})
    with open(os.path.join(r.out, "refill-print.pdf"), "wb") as f:
        f.write(base64.b64decode(pdf["data"]))
    assert r.csp_errors() == [], r.csp_errors()


def change_without_csrf_refused(r):
    # Signed in (the check before): the sign-out form without its token.
    r.go("/refill")
    r.d.execute_script(
        "document.querySelector('form.who input[name=csrf]').remove();"
        "document.querySelector('form.who').submit();")
    r.wait_text("main", "Avvist")
    r.go("/refill")
    assert "Anne Hansen" in r.text("header"), "the session ended without its token"
    # With the token, it goes through.
    r.d.find_element(By.CSS_SELECTOR, "form.who button").click()
    WebDriverWait(r.d, 10).until(lambda d: d.get_cookie("tally_session") is None)
    r.go("/refill")
    r.wait_text("h1", "Logg inn")


def lock_out(r):
    r.sign_out()
    for i in range(4):
        r.sign_in("lise", f"wrong guess {i}")
        r.wait_text("#signin-problem", "Feil brukernavn eller passord.")
    r.sign_in("lise", "wrong guess 5")
    r.wait_text("#signin-problem", "kontoen sperret til")
    r.sign_in("lise", PASSWORD)
    r.wait_text("#signin-problem", "kontoen sperret til")
    assert r.d.get_cookie("tally_session") is None
    r.shot("locked.png")


def resolve_unknown_code(r):
    r.sign_out()
    r.sign_in("boss", PASSWORD)
    r.wait_text("h1", "Plukklister")
    r.d.find_element(By.CSS_SELECTOR, "header a[href='/unknown']").click()
    r.wait_text("h1", "Ukjente koder")
    row = r.text("main tbody tr")
    assert row.startswith("09520000099992 2 "), row  # EAN-13 and DataMatrix: one line
    Select(r.d.find_element(By.ID, "code")).select_by_value("09520000099992")
    r.d.find_element(By.ID, "article").send_keys("A2")
    r.d.find_element(By.CSS_SELECTOR, "form#map button").click()
    r.wait_text("main", "Ingen ukjente koder")
    # The handheld's next pull has the mapping.
    status, text = r.device("/v1/changes?since=0")
    assert status == 200, status
    assert ('"code":"09520000099992","article_id":"A2"' in text
            or '"article_id":"A2","code":"09520000099992"' in text), text


def register_shortage(r):
    # Signed in as the administrator (the check before), who may do what
    # the pharmacy does: register a shortage notice on its page.
    r.go("/shortages")
    r.wait_text("h1", "Forsyningssvikt")
    r.wait_text("main", "Ingen gjeldende melding")
    r.d.find_element(By.ID, "article").send_keys("A1")
    r.d.find_element(By.ID, "message").send_keys("Leveringssvikt hos produsent")
    r.d.find_element(By.ID, "alternatives").send_keys("A2=terapibytte")
    h = r.d.find_element(By.ID, "article").size["height"]
    assert h < 60, h
    r.d.find_element(By.CSS_SELECTOR, "form#add button").click()
    r.wait_text("main tbody tr.short", "pågående")
    row = r.text("main tbody tr.short")
    assert row == ("A1 Paracet 500 mg tablett, 20 stk – pågående – – Leveringssvikt hos "
                   "produsent Ibux 400 mg tablett, 30 stk (terapibytte)"), row
    r.shot("shortages.png")
    assert r.csp_errors() == [], r.csp_errors()
    # The handheld's next pull has the notice.
    status, text = r.device("/v1/changes?since=0")
    assert status == 200 and '"table":"shortage"' in text, (status, text[:300])


def revoke_device(r):
    # Signed in as the administrator (the check before).
    r.go("/devices")
    r.wait_text("h1", "Håndterminaler")
    Select(r.d.find_element(By.ID, "device")).select_by_visible_text("1 — MED1 handheld")
    r.d.find_element(By.CSS_SELECTOR, "form#revoke button").click()
    r.wait_text("main tbody tr.revoked", "tilbakekalt")
    r.shot("devices.png")
    status, _ = r.device("/v1/events", b'{"db_id":"b1","events":[]}')
    assert status == 401, status


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--url", required=True)
    ap.add_argument("--out", required=True)
    ap.add_argument("--token", required=True)
    a = ap.parse_args()
    os.makedirs(a.out, exist_ok=True)
    r = Run(a.url, a.out, a.token)
    try:
        for name, fn in [("a public borrow search", borrow_search),
                         ("borrow on a phone", borrow_on_a_phone),
                         ("the <script> article shown as text", script_article_is_text),
                         ("sign-in with a wrong password", wrong_password),
                         ("sign-in, the pick list and its print view", sign_in_and_pick_list),
                         ("a change without its CSRF token refused",
                          change_without_csrf_refused),
                         ("lock-out after wrong passwords", lock_out),
                         ("an unknown code resolved, and the handheld pulls it",
                          resolve_unknown_code),
                         ("a shortage notice registered on its page", register_shortage),
                         ("a handheld revoked: its next sync gets 401", revoke_device)]:
            r.check(name, fn)
    finally:
        r.d.quit()
    print(f"browser: {r.failed} failed; artefacts in {a.out}")
    return 1 if r.failed else 0


if __name__ == "__main__":
    sys.exit(main())
