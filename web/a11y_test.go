package web_test

import (
	"context"
	"fmt"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/chromedp"

	"github.com/pushback-coach/pushback/store"
)

// a11yCheck runs in the page and returns its accessibility problems: form
// controls without a label, images without alt text, not exactly one h1,
// heading levels skipped, text below the WCAG AA contrast ratio (4.5:1, or
// 3:1 for large text), and a page wider than the window.
const a11yCheck = `(() => {
  const problems = [];
  const name = (el) => el.tagName.toLowerCase() + (el.id ? "#" + el.id : "") + (el.name ? "[name=" + el.name + "]" : "");
  for (const el of document.querySelectorAll("input, select, textarea")) {
    if (el.type === "hidden" || el.type === "submit" || el.type === "button") continue;
    if (el.labels.length === 0 && !el.getAttribute("aria-label") && !el.getAttribute("aria-labelledby")) problems.push("no label: " + name(el));
  }
  for (const img of document.querySelectorAll("img")) {
    if (!img.hasAttribute("alt")) problems.push("no alt: " + img.src);
  }
  if (document.querySelectorAll("h1").length !== 1) problems.push("h1 count " + document.querySelectorAll("h1").length);
  let last = 0;
  for (const h of document.querySelectorAll("main h1, main h2, main h3, main h4, main h5, main h6")) {
    const level = +h.tagName[1];
    if (last && level > last + 1) problems.push("heading skips from h" + last + " to h" + level + ": " + h.textContent.trim().slice(0, 40));
    last = level;
  }
  if (!document.documentElement.lang) problems.push("no lang");
  const rgb = (s) => (s.match(/[\d.]+/g) || []).map(Number);
  const lum = ([r, g, b]) => [r, g, b].map((c) => { c /= 255; return c <= 0.03928 ? c / 12.92 : Math.pow((c + 0.055) / 1.055, 2.4); })
    .reduce((sum, c, i) => sum + c * [0.2126, 0.7152, 0.0722][i], 0);
  const background = (el) => {
    for (; el; el = el.parentElement) {
      const c = rgb(getComputedStyle(el).backgroundColor);
      if (c.length === 3 || (c.length === 4 && c[3] > 0.9)) return c.slice(0, 3);
    }
    return [255, 255, 255];
  };
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  const seen = new Set();
  for (let n = walker.nextNode(); n; n = walker.nextNode()) {
    const el = n.parentElement;
    if (!n.textContent.trim() || seen.has(el) || el.closest("svg, .sr, .skip, [hidden], noscript, option")) continue;
    seen.add(el);
    const st = getComputedStyle(el);
    if (st.visibility === "hidden" || st.display === "none" || el.getClientRects().length === 0) continue;
    const fg = rgb(st.color), bg = background(el);
    const a = lum(fg.slice(0, 3)), b = lum(bg);
    const ratio = (Math.max(a, b) + 0.05) / (Math.min(a, b) + 0.05);
    const size = parseFloat(st.fontSize), bold = +st.fontWeight >= 700;
    const need = size >= 24 || (bold && size >= 18.66) ? 3 : 4.5;
    if (ratio < need) problems.push("contrast " + ratio.toFixed(2) + " < " + need + ": " + n.textContent.trim().slice(0, 40));
  }
  if (document.documentElement.scrollWidth > window.innerWidth + 1) problems.push("page wider than the window: " + document.documentElement.scrollWidth + " > " + window.innerWidth);
  return problems.join("\n");
})()`

// TestAccessibility checks the main pages at desktop and phone widths, in
// light and dark colours, and signs in with the keyboard alone.
func TestAccessibility(t *testing.T) {
	chromiumPath(t)
	tm := newTeam(t, store.SQLite)
	e := tm.e
	call := e.ingest(tm.dana, "markup.txt", []byte(markupCall), time.Now())
	page := fmt.Sprintf("/calls/%d", call.ID)
	erinHTTP := e.signIn("erin")
	erinHTTP.post(page+"/comments", momentForm(t, erinHTTP, page, url.Values{"body": {"Ask permission first."}}))
	b := newBrowser(t, e.URL)

	// Keyboard only: skip link first, then the form, Enter to submit.
	kb := b.tab("keyboard")
	kb.open("/login")
	// Shift+Tab from the first field: the site's name, then the skip link.
	back := chromedp.KeyEvent("\t", chromedp.KeyModifiers(chromedp.ModifierShift))
	kb.do("back to the skip link", chromedp.Focus(chromedp.CSS("#username")), back, back)
	if f := kb.eval(`document.activeElement.className + " " + document.activeElement.getAttribute("href")`); f != "skip #main" {
		t.Errorf("two Shift+Tabs before the first field land on %q, want the skip link", f)
	}
	if v := kb.eval(`String(document.activeElement.getBoundingClientRect().left >= 0)`); v != "true" {
		t.Errorf("the focused skip link is not on screen")
	}
	kb.do("follow the skip link", chromedp.KeyEvent("\r"))
	if f := kb.eval(`document.activeElement.id`); f != "main" {
		t.Errorf("after the skip link the focus is on %q, want main", f)
	}
	kb.do("focus the username", chromedp.Focus(chromedp.CSS("#username")))
	kb.do("type", chromedp.KeyEvent("dana"), chromedp.KeyEvent("\t"), chromedp.KeyEvent(testPassword))
	if _, err := chromedp.RunResponse(kb.ctx, chromedp.KeyEvent("\r")); err != nil {
		t.Fatal(err)
	}
	if loc := kb.location(); loc != "/calls" {
		t.Errorf("keyboard sign-in ends at %s", loc)
	}
	kb.do("focus a link", chromedp.Focus(chromedp.CSS("nav.main a")))
	if o := kb.eval(`getComputedStyle(document.activeElement).outlineStyle + " " + getComputedStyle(document.activeElement).outlineWidth`); o != "solid 3px" {
		t.Errorf("a focused link's outline is %q, want a visible 3px one", o)
	}

	pages := map[string][]string{
		"erin": {"/calls", "/upload", page, "/labels", "/team", fmt.Sprintf("/reps/%d", *tm.dana.RepID), "/playbook", "/live", "/practice"},
		"dana": {"/calls", page, "/practice", "/live"},
	}
	for who, paths := range pages {
		u := b.tab(who)
		u.signIn(who)
		for _, scheme := range []string{"light", "dark"} {
			for _, width := range []int64{1280, 375} {
				u.do("viewport", chromedp.EmulateViewport(width, 900))
				u.do("colour scheme", emulateColorScheme(scheme))
				for _, p := range paths {
					u.open(p)
					if problems := u.eval(a11yCheck); problems != "" {
						t.Errorf("%s %s at %dpx, %s: %s", who, p, width, scheme, strings.ReplaceAll(problems, "\n", "; "))
					}
				}
			}
		}
	}
	anon := b.tab("anonymous")
	for _, p := range []string{"/login", "/no/such/page"} {
		anon.open(p)
		if problems := anon.eval(a11yCheck); problems != "" {
			t.Errorf("%s: %s", p, strings.ReplaceAll(problems, "\n", "; "))
		}
	}
}

// emulateColorScheme makes the page see prefers-color-scheme: light or dark.
func emulateColorScheme(scheme string) chromedp.Action[chromedp.Void] {
	return chromedp.Func(func(ctx context.Context, t *chromedp.Target) error {
		_, err := cdp.Call(ctx, t, emulation.SetEmulatedMedia, emulation.SetEmulatedMediaParams{
			Features: []*emulation.MediaFeature{{Name: "prefers-color-scheme", Value: scheme}}})
		return err
	})
}
