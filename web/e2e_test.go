package web_test

import (
	"context"
	"encoding/base64"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/pushback-coach/pushback/labels"
	"github.com/pushback-coach/pushback/store"
	"github.com/pushback-coach/pushback/store/storetest"
)

// The end-to-end tests drive the real server in a real headless Chromium
// (Debian's chromium; scripts/test.sh installs it and sets
// PUSHBACK_CHROMIUM). Without one they skip.

// chromiumPath finds the browser, or skips the test.
func chromiumPath(t testing.TB) string {
	t.Helper()
	for _, p := range []string{os.Getenv("PUSHBACK_CHROMIUM"), "/usr/bin/chromium", "/usr/bin/chromium-browser"} {
		if p == "" {
			continue
		}
		if fi, err := os.Stat(p); err == nil && !fi.IsDir() {
			return p
		}
	}
	if p, err := exec.LookPath("chromium"); err == nil {
		return p
	}
	t.Skip("no Chromium found: install Debian's chromium (apt-get install chromium; scripts/test.sh does it) or set PUSHBACK_CHROMIUM to a Chromium binary")
	return ""
}

// browser is one headless Chromium with a fresh profile; each user gets a
// tab in a browser context of their own (their own cookies).
type browser struct {
	t   testing.TB
	ctx context.Context
	url string
}

func newBrowser(t testing.TB, baseURL string) *browser {
	t.Helper()
	path := chromiumPath(t)
	profile := t.TempDir()
	actx, cancelAlloc := chromedp.NewExecAllocator(context.Background(),
		chromedp.ExecPath(path),
		chromedp.Headless,
		chromedp.NoSandbox,
		chromedp.DisableGPU,
		chromedp.NoFirstRun,
		chromedp.NoDefaultBrowserCheck,
		chromedp.Flag("disable-quic", true),
		chromedp.Flag("disable-background-networking", true),
		chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-sync", true),
		chromedp.Flag("disable-dev-shm-usage", true),
		chromedp.UserDataDir(profile),
		chromedp.WindowSize(1280, 900),
	)
	ctx, cancel := chromedp.NewContext(actx)
	t.Cleanup(func() {
		cancel()
		cancelAlloc()
	})
	if err := chromedp.Do(ctx); err != nil {
		t.Fatalf("start Chromium (%s): %v", path, err)
	}
	return &browser{t: t, ctx: ctx, url: baseURL}
}

// user is a signed-in (or not yet) user's tab.
type user struct {
	b    *browser
	ctx  context.Context
	name string
}

// tab opens a tab in a new browser context: no cookies shared with others.
func (b *browser) tab(name string) *user {
	ctx, cancel := chromedp.NewContext(b.ctx, chromedp.WithNewBrowserContext())
	b.t.Cleanup(cancel)
	ctx, cancelT := context.WithTimeout(ctx, 3*time.Minute)
	b.t.Cleanup(cancelT)
	if err := chromedp.Do(ctx); err != nil {
		b.t.Fatal(err)
	}
	if err := chromedp.Do(ctx, chromedp.EmulateViewport(1280, 900)); err != nil {
		b.t.Fatal(err)
	}
	return &user{b: b, ctx: ctx, name: name}
}

func (u *user) fatalf(format string, args ...any) {
	u.b.t.Helper()
	u.b.t.Fatalf("%s: %s", u.name, fmt.Sprintf(format, args...))
}

func (u *user) do(what string, actions ...chromedp.Action[chromedp.Void]) {
	u.b.t.Helper()
	if err := chromedp.Do(u.ctx, actions...); err != nil {
		u.fatalf("%s: %v", what, err)
	}
}

// open navigates and returns the HTTP status.
func (u *user) open(path string) int64 {
	u.b.t.Helper()
	res, err := chromedp.Run(u.ctx, chromedp.NavigateResponse(u.b.url+path))
	if err != nil {
		u.fatalf("open %s: %v", path, err)
	}
	return res.Status
}

// submit clicks a button that submits a form and waits for the next page.
func (u *user) submit(sel string) int64 {
	u.b.t.Helper()
	res, err := chromedp.RunResponse(u.ctx, chromedp.Click(chromedp.CSS(sel)))
	if err != nil {
		u.fatalf("submit %s: %v", sel, err)
	}
	return res.Status
}

func (u *user) text(sel string) string {
	u.b.t.Helper()
	s, err := chromedp.Run(u.ctx, chromedp.Text(chromedp.CSS(sel)))
	if err != nil {
		u.fatalf("text of %s: %v", sel, err)
	}
	return s
}

func (u *user) eval(js string) string {
	u.b.t.Helper()
	s, err := chromedp.Run(u.ctx, chromedp.Evaluate[string](js, chromedp.EvalAwaitPromise))
	if err != nil {
		u.fatalf("evaluate %s: %v", js, err)
	}
	return s
}

func (u *user) location() string {
	u.b.t.Helper()
	loc, err := chromedp.Run(u.ctx, chromedp.Location())
	if err != nil {
		u.fatalf("location: %v", err)
	}
	return strings.TrimPrefix(loc, u.b.url)
}

// signIn signs in through the sign-in page.
func (u *user) signIn(username string) {
	u.b.t.Helper()
	u.open("/login")
	u.do("fill in the sign-in form",
		chromedp.SendKeys(chromedp.CSS("#username"), username),
		chromedp.SendKeys(chromedp.CSS("#password"), testPassword))
	if st := u.submit("#login-form button[type=submit]"); st != 200 {
		u.fatalf("sign in: status %d", st)
	}
	if loc := u.location(); loc != "/calls" {
		u.fatalf("after signing in at %s, want /calls", loc)
	}
}

// rename makes a testdata call one of our reps': Tyler Brooks becomes Dana Reyes.
func renamed(t testing.TB, path string, from, to string) []byte {
	t.Helper()
	b := string(readFile(t, path))
	b = strings.ReplaceAll(b, from, to)
	b = strings.ReplaceAll(b, strings.Fields(from)[0], strings.Fields(to)[0])
	return []byte(b)
}

func TestEndToEnd(t *testing.T) {
	chromiumPath(t)
	storetest.ForEach(t, func(t *testing.T, d store.Dialect) {
		e := newEnv(t, d)
		b := newBrowser(t, e.URL)

		// First run: the setup page creates the admin and signs them in.
		ada := b.tab("ada")
		if st := ada.open("/"); st != 200 || ada.location() != "/setup" {
			t.Fatalf("a new server should open on /setup, got %s (%d)", ada.location(), st)
		}
		ada.do("fill in setup",
			chromedp.SendKeys(chromedp.CSS("#code"), setupCode),
			chromedp.SendKeys(chromedp.CSS("#username"), "ada"),
			chromedp.SendKeys(chromedp.CSS("#name"), "Ada Admin"),
			chromedp.SendKeys(chromedp.CSS("#password"), testPassword),
			chromedp.SendKeys(chromedp.CSS("#password2"), testPassword))
		if st := ada.submit("#setup-form button[type=submit]"); st != 200 || !strings.HasPrefix(ada.location(), "/upload") {
			t.Fatalf("after setup: %s (%d)", ada.location(), st)
		}
		if flash := ada.text(".flash"); !strings.Contains(flash, "Welcome") {
			t.Errorf("setup flash %q", flash)
		}
		if st := ada.open("/setup"); st != 200 || ada.location() != "/login" && ada.location() != "/calls" {
			t.Errorf("setup again: %s", ada.location())
		}

		east, west := e.addTeam("East"), e.addTeam("West")
		e.addUser("erin", "Erin East", store.RoleManager, east.ID)
		dana := e.addUser("dana", "Dana Reyes", store.RoleRep, east.ID)
		e.addUser("omar", "Omar Haddad", store.RoleRep, west.ID)

		// Upload a real transcript with drag-and-drop's script: progress, then a link.
		dir := t.TempDir()
		path := filepath.Join(dir, "northbound-cold-call.txt")
		must(t, os.WriteFile(path, renamed(t, "../testdata/calls/a05-northbound-freight-cold-call.txt", "Tyler Brooks", "Dana Reyes"), 0o644), "write")
		ada.open("/upload")
		ada.do("choose the file and the rep",
			chromedp.SetUploadFiles(chromedp.CSS("#file"), []string{path}),
			chromedp.SendKeys(chromedp.CSS("#rep_names"), "Dana Reyes"),
			chromedp.WaitVisible(chromedp.CSS("#upload-files progress")),
			chromedp.Click(chromedp.CSS("#upload-form button[type=submit]")),
			chromedp.WaitVisible(chromedp.CSS("#upload-files a")))
		if v := ada.eval(`String(document.querySelector("#upload-files progress").value)`); v != "100" {
			t.Errorf("upload progress %s, want 100", v)
		}
		callURL := ada.eval(`document.querySelector("#upload-files a").getAttribute("href")`)
		if !strings.HasPrefix(callURL, "/calls/") {
			t.Fatalf("upload link %q", callURL)
		}

		// The analysed call: the page reloads itself until the moments are there.
		ada.open(callURL)
		ada.do("wait for the analysis", chromedp.WaitVisible(chromedp.CSS(".timeline mark")))
		if n := ada.eval(`String(document.querySelectorAll(".timeline mark").length)`); n == "0" {
			t.Fatalf("no highlighted moments")
		}
		if n := ada.eval(`String(document.querySelectorAll("article.moment").length)`); n == "0" {
			t.Fatalf("no moment cards")
		}
		if s := ada.text("article.moment .verdict"); !strings.Contains(s, "What the rep did") {
			t.Errorf("moment card verdict %q", s)
		}

		// The manager comments on the first moment, the rep replies.
		erin := b.tab("erin")
		erin.signIn("erin")
		erin.open(callURL)
		erin.do("write a comment", chromedp.SendKeys(chromedp.CSS(".comment-form textarea"), "Good catch. Next time ask permission before the facts."))
		if st := erin.submit(".comment-form button[type=submit]"); st != 200 {
			t.Fatalf("comment: %d", st)
		}
		danaTab := b.tab("dana")
		danaTab.signIn("dana")
		danaTab.open(callURL)
		danaTab.do("write a reply", chromedp.SendKeys(chromedp.CSS(".comment-form textarea"), "Thanks Erin, I will try that on Thursday."))
		danaTab.submit(".comment-form button[type=submit]")
		thread := danaTab.text("article.moment .thread ol")
		if i, j := strings.Index(thread, "Good catch."), strings.Index(thread, "Thanks Erin"); i < 0 || j < i {
			t.Errorf("thread %q: want the comment then the reply", thread)
		}

		// The manager marks a detection wrong.
		erin.open(callURL)
		erin.do("open the review", chromedp.Click(chromedp.CSS("details.review summary")), chromedp.Click(chromedp.CSS(".review-form input[value=wrong]")))
		erin.submit(".review-form button[type=submit]")
		if s := erin.text("article.moment .tags"); !strings.Contains(s, "detection marked wrong by Erin East") {
			t.Errorf("after marking wrong, the card's tags say %q", s)
		}

		// Export: the labelled calls are a zip pushback eval reads.
		if st := erin.open("/labels"); st != 200 {
			t.Fatalf("labels page %d", st)
		}
		zipB64 := erin.eval(`fetch("/labels/export.zip").then(r => r.arrayBuffer()).then(b => {
			let s = ""; const u = new Uint8Array(b);
			for (let i = 0; i < u.length; i++) s += String.fromCharCode(u[i]);
			return btoa(s);
		})`)
		data, err := base64.StdEncoding.DecodeString(zipB64)
		must(t, err, "export base64")
		cases, err := labels.LoadDir(unzip(t, data), nil)
		must(t, err, "load the exported labelled calls")
		if len(cases) != 1 || cases[0].Labels.Rep[0] != "Dana Reyes" {
			t.Errorf("exported cases %d", len(cases))
		}

		// Role check: another team's rep gets a 404 page for Dana's call.
		omar := b.tab("omar")
		omar.signIn("omar")
		if st := omar.open(callURL); st != 404 {
			t.Errorf("omar opens Dana's call: %d, want 404", st)
		}
		if h := omar.text("h1"); h != "Not found" {
			t.Errorf("omar sees %q", h)
		}

		// Markup in a transcript shows as text, and runs nothing.
		markup := e.ingest(dana, "markup.txt", []byte(markupCall), time.Now())
		danaTab.open(fmt.Sprintf("/calls/%d", markup.ID))
		if got := danaTab.eval(`String(document.querySelectorAll(".timeline script, .timeline b").length)`); got != "0" {
			t.Errorf("transcript markup became %s elements", got)
		}
		if got := danaTab.eval(`document.querySelector(".timeline").textContent`); !strings.Contains(got, "<script>alert(1)</script>") || !strings.Contains(got, "<b>bold</b>") {
			t.Errorf("the transcript's markup is not shown as text: %q", got)
		}

		// CSRF: the same form without its token is refused.
		erin.open(callURL)
		erin.do("drop the token", chromedp.Evaluate[chromedp.Void](`document.querySelector(".comment-form input[name=csrf_token]").remove()`),
			chromedp.SendKeys(chromedp.CSS(".comment-form textarea"), "forged"))
		if st := erin.submit(".comment-form button[type=submit]"); st != 403 {
			t.Errorf("a form without the CSRF token: %d, want 403", st)
		}
		if body := erin.eval(`document.body.textContent`); !strings.Contains(body, "CSRF") {
			t.Errorf("the refusal does not mention CSRF: %q", body)
		}

		// The playbook's problems show next to the YAML.
		ada.open("/playbook")
		ada.do("type an invalid playbook", chromedp.SetValue(chromedp.CSS("#yaml"), "company: Acme\nfacts:\n  - id: x\n    claim: y\n    colour: blue\n"))
		if st := ada.submit("#playbook-form button[type=submit]:not([formaction])"); st != 400 {
			t.Errorf("saving an invalid playbook: %d, want 400", st)
		}
		if s := ada.text("#yaml-errors"); !strings.Contains(s, "Line 5") || !strings.Contains(s, "colour") {
			t.Errorf("the playbook errors say %q", s)
		}
		if inv := ada.eval(`document.querySelector("#yaml").getAttribute("aria-invalid")`); inv != "true" {
			t.Errorf("the textarea is not marked invalid")
		}

		// Practice: a scenario, a reply, the score.
		danaTab.open("/practice")
		if st := danaTab.submit("a.button[href^='/practice/']"); st != 200 {
			t.Fatalf("open a scenario: %d", st)
		}
		danaTab.do("reply", chromedp.SendKeys(chromedp.CSS("#reply"), "I see that differently. Would you mind if I shared why? Our customers saw the opposite, and I can show you the numbers."))
		danaTab.submit("#practice-form button[type=submit]")
		if s := danaTab.eval(`document.body.textContent`); !strings.Contains(s, "Your score") && !strings.Contains(s, "Go on") {
			t.Errorf("practice did not score the reply: %q", s)
		}

		// Live: nudge cards come over the WebSocket.
		danaTab.open("/live")
		danaTab.do("start the call", chromedp.Click(chromedp.CSS("#live-start button")),
			chromedp.Poll[chromedp.Void](`document.querySelector("#live-state").textContent.startsWith("Connected")`, chromedp.WithPollingTimeout(20*time.Second)),
			chromedp.SetValue(chromedp.CSS("#live-script"), markupCall),
			chromedp.Click(chromedp.CSS("#live-play")),
			chromedp.WaitVisible(chromedp.CSS("#live-cards li")),
			chromedp.Poll[chromedp.Void](`document.querySelector("#live-log").textContent.includes("It is written into the order form")`, chromedp.WithPollingTimeout(20*time.Second)),
			chromedp.Click(chromedp.CSS("#live-end")),
			chromedp.WaitVisible(chromedp.CSS("#live-summary a")))
		if s := danaTab.text("#live-cards li .script"); !strings.HasPrefix(s, "Say:") {
			t.Errorf("the nudge card says %q", s)
		}
		href := danaTab.eval(`document.querySelector("#live-summary a").getAttribute("href")`)
		if st := danaTab.open(href); st != 200 {
			t.Errorf("the saved live call %s: %d", href, st)
		}
	})
}
