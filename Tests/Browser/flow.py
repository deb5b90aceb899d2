"""The web front in a real browser: a firm searches, reads a service, sends the request form (first with
a mistake), lands on its tracking page; the station signs in to the console and accepts; the firm sees
it accepted; the station completes it; the firm evaluates it badly (first without a level), the station
answers the bad review and the firm sees the answer; the station's public figures say too few firms
have evaluated; staff call the firm back and find it all in the statistics. Every page it visits, signed in and out, in
Chinese and in English, is also checked by axe-core (from the axe-selenium-python package), and any
violation fails the run. Run by Tests/Browser/run against a real server; saves a screenshot of every
step under .build/artifacts/browser/.

Usage: flow.py BASE_URL KEYS_JSON ARTIFACTS_DIR
"""
import json
import os
import sys
import unittest
from urllib.parse import urlparse, parse_qs

from axe_selenium_python import Axe
from selenium import webdriver
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.common.by import By
from selenium.common.exceptions import WebDriverException
from selenium.webdriver.support.ui import Select, WebDriverWait

BASE, KEYS_FILE, ARTIFACTS = sys.argv[1], sys.argv[2], sys.argv[3]
KEYS = json.load(open(KEYS_FILE))


def browser(width=360, height=780):
    options = webdriver.ChromeOptions()
    options.binary_location = os.environ.get("ONESTOP_CHROMIUM", "/usr/bin/chromium")
    for argument in ("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--disable-gpu", "--lang=zh-CN",
                     f"--window-size={width},{height}", "--hide-scrollbars"):
        options.add_argument(argument)
    service = Service(executable_path=os.environ.get("ONESTOP_CHROMEDRIVER", "/usr/bin/chromedriver"))
    driver = webdriver.Chrome(options=options, service=service)
    driver.implicitly_wait(0)
    return driver


def navigate(driver, element, submit=False):
    """Clicks (or submits) and waits until the next page has replaced this one: a click that posts a form
    can return before the browser has left the page."""
    page = driver.find_element(By.TAG_NAME, "html")
    if submit:
        element.submit()
    else:
        element.click()
    def replaced(_):
        try:
            page.is_enabled()
            return False
        except WebDriverException:
            # Stale, or (a chromedriver quirk) "node does not belong to the document": either way, gone.
            return True

    WebDriverWait(driver, 15).until(replaced)
    WebDriverWait(driver, 15).until(lambda d: d.execute_script("return document.readyState") == "complete")


class FlowTest(unittest.TestCase):
    step = 0
    # Every page axe checked, by path and language, for the summary.
    checked = set()

    @classmethod
    def setUpClass(cls):
        os.makedirs(ARTIFACTS, exist_ok=True)
        cls.firm = browser()
        cls.station = browser()
        cls.staff = browser(1280, 900)

    @classmethod
    def tearDownClass(cls):
        for driver in (cls.firm, cls.station, cls.staff):
            driver.quit()

    def shoot(self, driver, name):
        """A full-page screenshot, and the checks every page must pass."""
        FlowTest.step += 1
        # The whole page, however long: widen nothing, only lengthen the window.
        height = driver.execute_script("return document.documentElement.scrollHeight")
        width = driver.get_window_size()["width"]
        driver.set_window_size(width, max(height + 140, 600))
        driver.save_screenshot(os.path.join(ARTIFACTS, f"{FlowTest.step:02d}-{name}.png"))
        driver.set_window_size(width, 780)
        self.check_page(driver, name)

    def check_page(self, driver, name):
        self.assertEqual(driver.execute_script("return document.scripts.length"), 0, f"{name}: a script on the page")
        overflow = driver.execute_script("return document.documentElement.scrollWidth - document.documentElement.clientWidth")
        self.assertLessEqual(overflow, 0, f"{name}: the page is wider than the window ({overflow}px too wide)")
        lang = driver.find_element(By.TAG_NAME, "html").get_attribute("lang")
        self.assertIn(lang, ("zh-CN", "en"), name)
        for field in driver.find_elements(By.CSS_SELECTOR, "input:not([type=hidden]), select, textarea"):
            field_id = field.get_attribute("id")
            self.assertTrue(field_id, f"{name}: an input without an id")
            labels = driver.find_elements(By.CSS_SELECTOR, f"label[for='{field_id}']")
            self.assertEqual(len(labels), 1, f"{name}: input {field_id} has {len(labels)} labels")
        self.check_accessibility(driver, name, lang)

    def check_accessibility(self, driver, name, lang):
        """axe-core's rules on the page as it stands; injected through WebDriver, so the page itself still has no script."""
        axe = Axe(driver)
        axe.inject()
        violations = axe.run()["violations"]
        if violations:
            self.fail(f"{name} ({lang}, {driver.current_url}): " + "; ".join(
                f"{v['id']} ({v['impact']}): {v['help']} at " + ", ".join(" ".join(node['target']) for node in v['nodes'][:5])
                for v in violations))
        FlowTest.checked.add((urlparse(driver.current_url).path, lang))

    def sign_in(self, driver, key):
        driver.get(BASE + "/console")
        self.assertIn("/console/sign-in", driver.current_url)
        self.check_page(driver, "sign-in")
        driver.find_element(By.ID, "key").send_keys(key)
        navigate(driver, driver.find_element(By.CSS_SELECTOR, "form.sign-in button[type=submit]"))
        self.assertTrue(urlparse(driver.current_url).path.startswith("/console"))
        self.assertEqual(driver.find_elements(By.ID, "key"), [])

    def test_firm_station_and_staff(self):
        firm, station, staff = self.firm, self.station, self.staff

        # A firm searches in Chinese with a two-character word.
        firm.get(BASE + "/")
        self.shoot(firm, "home")
        search = firm.find_element(By.ID, "q")
        search.send_keys("计量")
        navigate(firm, search, submit=True)
        self.assertIn("项服务", firm.find_element(By.ID, "results-heading").text)
        results = firm.find_elements(By.CSS_SELECTOR, "ol.results li h3 a")
        self.assertGreater(len(results), 0)
        self.shoot(firm, "search")
        service_name = results[0].text
        navigate(firm, results[0])
        service_url = firm.current_url

        # The service: what it costs and how long it takes.
        self.assertEqual(firm.find_element(By.TAG_NAME, "h1").text, service_name)
        page = firm.find_element(By.TAG_NAME, "main").text
        self.assertIn("收费", page)
        self.assertIn("办理时限", page)
        self.shoot(firm, "service")
        navigate(firm, firm.find_element(By.LINK_TEXT, "申请此服务"))

        # The form, first with a wrong check digit in the credit code.
        self.assertIn("/requests/new", firm.current_url)
        form = urlparse(firm.current_url)
        firm.find_element(By.ID, "f-enterprise-name").send_keys("金寨县样例茶叶合作社")
        firm.find_element(By.ID, "f-enterprise-uscc").send_keys("91512081MA62K0260X")
        Select(firm.find_element(By.ID, "f-enterprise-region")).select_by_visible_text("金寨县")
        firm.find_element(By.ID, "f-enterprise-contact-name").send_keys("张三")
        firm.find_element(By.ID, "f-enterprise-phone").send_keys("13800001234")
        mode = Select(firm.find_element(By.ID, "f-mode"))
        if mode.first_selected_option.get_attribute("value") == "":
            mode.select_by_index(1)
        firm.find_element(By.ID, "f-description").send_keys("需要校准 3 台压力表，希望本月内完成。")
        # SMS notices are offered (the server has a provider) and never chosen for the firm.
        sms = firm.find_element(By.ID, "notices-sms")
        self.assertFalse(sms.is_selected())
        sms.click()
        self.shoot(firm, "form-filled")
        navigate(firm, firm.find_element(By.CSS_SELECTOR, "form.request button[type=submit]"))

        summary = firm.find_element(By.ID, "error-summary")
        self.assertIn("请修改以下 1 处", summary.text)
        error = firm.find_element(By.ID, "f-enterprise-uscc-error")
        self.assertIn("校验位", error.text)
        uscc = firm.find_element(By.ID, "f-enterprise-uscc")
        self.assertEqual(uscc.get_attribute("aria-invalid"), "true")
        self.assertIn("f-enterprise-uscc-error", uscc.get_attribute("aria-describedby"))
        # What the firm typed is still there.
        self.assertEqual(firm.find_element(By.ID, "f-enterprise-name").get_attribute("value"), "金寨县样例茶叶合作社")
        self.assertEqual(firm.find_element(By.ID, "f-description").get_attribute("value"), "需要校准 3 台压力表，希望本月内完成。")
        self.assertTrue(firm.find_element(By.ID, "notices-sms").is_selected(), "the firm's choice is kept")
        self.check_page(firm, "form-error")
        self.shoot(firm, "form-error")
        uscc.clear()
        uscc.send_keys("91512081MA62K0260E")
        navigate(firm, firm.find_element(By.CSS_SELECTOR, "form.request button[type=submit]"))

        # The tracking page, with the link to keep.
        self.assertIn("/track/", firm.current_url)
        link = firm.find_element(By.ID, "tracking-link").get_attribute("href")
        self.assertIn("token=trk_", link)
        request_id = firm.find_element(By.ID, "request-id").text
        self.assertEqual(firm.find_element(By.ID, "status").text, "已分派")
        station_link = firm.find_element(By.CSS_SELECTOR, "#station-title + dl a").get_attribute("href")
        station_id = urlparse(station_link).path.rsplit("/", 1)[-1]
        self.shoot(firm, "tracking-new")

        # The firm asked for SMS notices: its page says so, and one click stops them.
        self.assertIn("每一步进展将通过短信通知您", firm.find_element(By.ID, "notices").text)
        navigate(firm, firm.find_element(By.ID, "stop-notices"))
        self.assertTrue(firm.find_element(By.ID, "notices-stopped").is_displayed())
        self.assertEqual(firm.find_elements(By.ID, "stop-notices"), [])
        self.check_page(firm, "tracking-notices-stopped")

        # Without the token the page does not exist.
        firm.get(BASE + f"/track/{request_id}")
        self.assertIn("没有找到这个页面", firm.find_element(By.TAG_NAME, "h1").text)
        self.check_page(firm, "not-found")

        # The station signs in to the console and accepts.
        self.sign_in(station, KEYS["stations"][station_id])
        self.shoot(station, "station-queue")
        navigate(station, station.find_element(By.LINK_TEXT, request_id))
        self.assertEqual(station.find_element(By.ID, "status").text, "已分派")
        self.shoot(station, "station-request")
        station.find_element(By.ID, "accept-note").send_keys("请明天上午送样")
        # Accepting without naming the caseworker is refused next to the field, the note kept.
        navigate(station, station.find_element(By.ID, "accept-button"))
        self.assertIn("请选择服务专员", station.find_element(By.ID, "accept-caseworker-error").text)
        self.assertEqual(station.find_element(By.ID, "accept-note").get_attribute("value"), "请明天上午送样")
        self.check_page(station, "station-accept-refused")
        caseworker = Select(station.find_element(By.ID, "accept-caseworker"))
        caseworker.select_by_index(1)
        caseworker_name = caseworker.first_selected_option.text.rsplit("（", 1)[0]
        navigate(station, station.find_element(By.ID, "accept-button"))
        self.assertEqual(station.find_element(By.ID, "status").text, "已受理")
        self.assertIn("已完成：受理", station.find_element(By.CSS_SELECTOR, "p.done").text)
        self.assertIn(caseworker_name, station.find_element(By.TAG_NAME, "main").text)
        self.shoot(station, "station-accepted")
        # The station moves the promised day; the reason is required and the firm will see it.
        station.execute_script("document.getElementById('reschedule-promised-on').value = '2099-12-31'")
        navigate(station, station.find_element(By.ID, "reschedule-button"))
        self.assertIn("必填", station.find_element(By.ID, "reschedule-reason-error").text)
        station.execute_script("document.getElementById('reschedule-promised-on').value = '2099-12-31'")
        station.find_element(By.ID, "reschedule-reason").send_keys("需送省所复检")
        navigate(station, station.find_element(By.ID, "reschedule-button"))
        self.assertIn("2099年12月31日", station.find_element(By.TAG_NAME, "main").text)

        # The firm's tracking page shows it accepted, with the station's note, its caseworker and the promised day.
        firm.get(link)
        self.assertEqual(firm.find_element(By.ID, "status").text, "已受理")
        self.assertIn("请明天上午送样", firm.find_element(By.CSS_SELECTOR, "ol.timeline").text)
        self.assertEqual(firm.find_element(By.ID, "caseworker").text, caseworker_name)
        self.assertTrue(firm.find_element(By.ID, "caseworker-phone").get_attribute("href").startswith("tel:"))
        self.assertEqual(firm.find_element(By.ID, "promised-on").text, "2099年12月31日")
        self.assertIn("需送省所复检", firm.find_element(By.CSS_SELECTOR, "ol.timeline").text)
        self.assertEqual(firm.find_elements(By.ID, "tracking-link"), [], "the link is shown prominently only on arrival")
        self.shoot(firm, "tracking-accepted")

        # The station completes it; the firm is asked to evaluate, plainly, with no level chosen for it.
        station.find_element(By.ID, "complete-summary").send_keys("已出具检测报告")
        navigate(station, station.find_element(By.ID, "complete-button"))
        self.assertEqual(station.find_element(By.ID, "status").text, "已办结")
        firm.get(link)
        self.assertEqual(len(firm.find_elements(By.CSS_SELECTOR, "#evaluate input[type=radio]")), 20)
        self.assertEqual(firm.execute_script("return document.querySelectorAll('#evaluate input:checked').length"), 0)
        self.check_page(firm, "tracking-evaluate")
        firm.find_element(By.ID, "evaluation-comment").send_keys("报告晚了一周")
        navigate(firm, firm.find_element(By.CSS_SELECTOR, "#evaluate button[type=submit]"))
        self.assertIn("请选择整体满意度", firm.find_element(By.ID, "evaluation-error").text)
        self.assertEqual(firm.find_element(By.ID, "evaluation-comment").get_attribute("value"), "报告晚了一周")
        firm.find_element(By.CSS_SELECTOR, "#rate-overall input[value=dissatisfied]").click()
        firm.find_element(By.CSS_SELECTOR, "#rate-attitude input[value=satisfied]").click()
        navigate(firm, firm.find_element(By.CSS_SELECTOR, "#evaluate button[type=submit]"))
        given = firm.find_element(By.ID, "evaluation").text
        self.assertIn("不满意", given)
        self.assertIn("报告晚了一周", given)
        self.assertTrue(firm.find_element(By.ID, "follow-up-due").is_displayed())
        self.assertEqual(firm.find_elements(By.ID, "evaluate"), [], "an evaluation is final")
        self.shoot(firm, "tracking-evaluated")
        self.check_page(firm, "tracking-evaluated")

        # The station reads the bad review as the firm wrote it and answers; the firm sees the answer.
        station.refresh()
        self.assertIn("报告晚了一周", station.find_element(By.ID, "evaluation").text)
        self.check_page(station, "station-bad-review")
        station.find_element(By.ID, "follow-up-answer").send_keys("已调整检测排期")
        navigate(station, station.find_element(By.ID, "follow-up-button"))
        self.assertIn("已调整检测排期", station.find_element(By.ID, "evaluation").text)
        self.assertEqual(station.find_elements(By.ID, "follow-up-button"), [])
        self.shoot(station, "station-followed-up")
        firm.get(link)
        self.assertIn("已调整检测排期", firm.find_element(By.ID, "follow-up").text)

        # The station's public figures: too few evaluations for a rate, and no firm named.
        firm.get(BASE + f"/stations/{station_id}/figures")
        self.assertTrue(firm.find_element(By.ID, "too-few").is_displayed())
        self.assertNotIn("报告晚了一周", firm.find_element(By.TAG_NAME, "main").text)
        self.check_page(firm, "station-figures")

        # Staff sign in, find the request and see it in the statistics.
        self.sign_in(staff, KEYS["staff"])
        self.assertIn(request_id, staff.find_element(By.TAG_NAME, "main").text)
        self.shoot(staff, "staff-requests")
        navigate(staff, staff.find_element(By.LINK_TEXT, request_id))
        self.assertIn("分派记录", staff.find_element(By.ID, "routing-title").text)
        self.shoot(staff, "staff-request")
        # Staff call the firm back about its bad review.
        Select(staff.find_element(By.ID, "callback-reached")).select_by_value("1")
        staff.find_element(By.ID, "callback-note").send_keys("企业认可整改")
        navigate(staff, staff.find_element(By.ID, "callback-button"))
        self.assertIn("企业认可整改", staff.find_element(By.ID, "evaluation").text)
        self.assertEqual(staff.find_elements(By.ID, "callback-button"), [])
        navigate(staff, staff.find_element(By.LINK_TEXT, "统计"))
        figures = staff.find_element(By.CSS_SELECTOR, "dl.figures").text
        self.assertIn("收到需求\n1", figures)
        chart = staff.find_element(By.CSS_SELECTOR, "#by-status-heading + svg")
        self.assertIn("已办结 1", chart.find_element(By.TAG_NAME, "desc").get_attribute("textContent"))
        # The assessment: accepted by its deadline, by the station and by the caseworker named.
        station_rows = staff.find_elements(By.CSS_SELECTOR, "#assessment-station tbody tr")
        self.assertEqual(len(station_rows), 1)
        self.assertIn("100.0%（1/1）", station_rows[0].text)
        self.assertIn(caseworker_name, staff.find_element(By.ID, "assessment-caseworker").text)
        on_time = staff.find_element(By.CSS_SELECTOR, "#on-time-heading + svg desc").get_attribute("textContent")
        self.assertTrue(on_time.endswith("100%"), on_time)
        satisfaction = staff.find_element(By.CSS_SELECTOR, "#satisfaction-heading + svg desc").get_attribute("textContent")
        self.assertTrue(satisfaction.endswith("0%"), satisfaction)
        self.assertIn("差评按时整改", staff.find_element(By.ID, "assessment-station").text)
        self.shoot(staff, "staff-statistics")
        # Filtered to the caseworker through the form, the figures are theirs.
        choice = Select(staff.find_element(By.ID, "caseworker"))
        choice.select_by_visible_text(next(o.text for o in choice.options if o.text.startswith(caseworker_name + "（")))
        navigate(staff, staff.find_element(By.CSS_SELECTOR, "form.inline button[type=submit]"))
        self.assertIn("caseworker=", staff.current_url)
        self.assertIn("收到需求\n1", staff.find_element(By.CSS_SELECTOR, "dl.figures").text)
        self.check_page(staff, "/console/stats?caseworker")

        # Every staff page works at 360 px too.
        staff.set_window_size(360, 780)
        for path in ("/console", f"/console/requests/{request_id}", "/console/deliveries", "/console/endpoints", "/console/stats"):
            staff.get(BASE + path)
            self.check_page(staff, path)
        self.shoot(staff, "staff-statistics-360")

        # Staff sign out: the console asks for a key again, even with the old cookie put back (the server
        # closed the session; the browser forgetting the cookie alone would prove nothing).
        session = staff.get_cookie("onestop_session")
        self.assertIsNotNone(session)
        navigate(staff, staff.find_element(By.CSS_SELECTOR, "nav.console button"))
        self.assertIn("/console/sign-in", staff.current_url)
        self.assertIsNone(staff.get_cookie("onestop_session"))
        staff.add_cookie({"name": "onestop_session", "value": session["value"], "path": "/console"})
        staff.get(BASE + "/console/stats")
        self.assertIn("/console/sign-in", staff.current_url)

        # The same pages in English, signed out and signed in.
        firm.get(BASE + "/?lang=en")
        self.assertEqual(firm.find_element(By.TAG_NAME, "html").get_attribute("lang"), "en")
        self.shoot(firm, "home-english")
        service_path = urlparse(service_url).path
        for path in ("/search?q=%E8%AE%A1%E9%87%8F&lang=en", f"{service_path}?lang=en", f"{form.path}?{form.query}&lang=en",
                     urlparse(link).path + "?" + urlparse(link).query + "&lang=en", f"/track/{request_id}?lang=en", "/console/sign-in?lang=en"):
            firm.get(BASE + path)
            self.assertEqual(firm.find_element(By.TAG_NAME, "html").get_attribute("lang"), "en", path)
            self.check_page(firm, path)
        self.sign_in(staff, KEYS["staff"])
        for path in ("/console", f"/console/requests/{request_id}", "/console/deliveries", "/console/endpoints", "/console/stats"):
            staff.get(BASE + path + "?lang=en")
            self.assertEqual(staff.find_element(By.TAG_NAME, "html").get_attribute("lang"), "en", path)
            self.check_page(staff, path)
        station.get(BASE + f"/console/requests/{request_id}?lang=en")
        self.check_page(station, "station-request-english")
        self.assertEqual({lang for _, lang in FlowTest.checked}, {"zh-CN", "en"})
        print(f"axe-core found no violation on {len(FlowTest.checked)} pages (by path and language)", file=sys.stderr)


if __name__ == "__main__":
    unittest.main(argv=[sys.argv[0], "-v"])
