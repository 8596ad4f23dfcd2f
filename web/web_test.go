package web_test

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/pushback-coach/pushback/store"
	"github.com/pushback-coach/pushback/store/storetest"
)

// team is the usual cast: an admin, two teams with a manager each, a rep
// in each team and a second rep in the east.
type team struct {
	e                *env
	admin            store.User
	east, west       store.Team
	erin, walt       store.User // managers of east and west
	dana, omar, rosa store.User // reps: dana and rosa in the east, omar in the west
}

func newTeam(t *testing.T, d store.Dialect) *team {
	e := newEnv(t, d)
	tm := &team{e: e}
	tm.admin = e.addUser("ada", "Ada Admin", store.RoleAdmin)
	tm.east, tm.west = e.addTeam("East"), e.addTeam("West")
	tm.erin = e.addUser("erin", "Erin East", store.RoleManager, tm.east.ID)
	tm.walt = e.addUser("walt", "Walt West", store.RoleManager, tm.west.ID)
	tm.dana = e.addUser("dana", "Dana Reyes", store.RoleRep, tm.east.ID)
	tm.rosa = e.addUser("rosa", "Rosa Delgado", store.RoleRep, tm.east.ID)
	tm.omar = e.addUser("omar", "Omar Haddad", store.RoleRep, tm.west.ID)
	return tm
}

// markupCall is a call whose transcript carries HTML: it must show as text.
const markupCall = `[00:00:01] Dana Reyes: Hi Bob, thanks for making time today.
[00:00:05] Bob Stone: Sure. <script>alert(1)</script> Honestly, you guys will probably jack up the price after the first year, <b>bold</b> claim I know.
[00:00:14] Dana Reyes: Bob, I see that a little differently. Would you be open to me sharing why? Annual plans lock the price for three years.
[00:00:22] Bob Stone: Go on then.
[00:00:25] Dana Reyes: It is written into the order form, so the price cannot move for three years.
`

func TestPagesSecurityHeadersAndAssets(t *testing.T) {
	e := newEnv(t, store.SQLite)
	e.addUser("ada", "Ada Admin", store.RoleAdmin)
	anon := e.anonymous()
	r := anon.get("/login")
	wantStatus(t, "sign-in page", r, http.StatusOK)
	csp := r.header.Get("Content-Security-Policy")
	for _, want := range []string{"default-src 'none'", "script-src 'self'", "style-src 'self'", "frame-ancestors 'none'", "form-action 'self'"} {
		if !strings.Contains(csp, want) {
			t.Errorf("CSP %q lacks %q", csp, want)
		}
	}
	if strings.Contains(csp, "unsafe-inline") || strings.Contains(csp, "unsafe-eval") {
		t.Errorf("CSP allows inline code: %q", csp)
	}
	for h, want := range map[string]string{"X-Content-Type-Options": "nosniff", "Referrer-Policy": "same-origin", "X-Frame-Options": "DENY"} {
		if got := r.header.Get(h); got != want {
			t.Errorf("%s: %q, want %q", h, got, want)
		}
	}
	css := regexp.MustCompile(`href="(/static/app\.[0-9a-f]{10}\.css)"`).FindStringSubmatch(r.body)
	if css == nil {
		t.Fatalf("no content-hashed stylesheet link in the page:\n%s", r.body)
	}
	a := anon.get(css[1])
	wantStatus(t, "stylesheet", a, http.StatusOK)
	if cc := a.header.Get("Cache-Control"); !strings.Contains(cc, "max-age=31536000") || !strings.Contains(cc, "immutable") {
		t.Errorf("stylesheet Cache-Control %q, want a year, immutable", cc)
	}
	if ct := a.header.Get("Content-Type"); !strings.HasPrefix(ct, "text/css") {
		t.Errorf("stylesheet Content-Type %q", ct)
	}
	wantStatus(t, "unhashed asset", anon.get("/static/app.css"), http.StatusNotFound)
	wantStatus(t, "unknown page", anon.get("/no/such/page"), http.StatusNotFound)

	// Signed out, pages send you to sign in and come back.
	r = anon.get("/calls?rep=1")
	wantStatus(t, "calls signed out", r, http.StatusSeeOther)
	if loc := r.header.Get("Location"); loc != "/login?next="+url.QueryEscape("/calls?rep=1") {
		t.Errorf("redirect to %q", loc)
	}
	// A next that leaves the site is ignored.
	c := e.anonymous()
	r = c.postForm("/login", url.Values{"username": {"ada"}, "password": {testPassword}, "next": {"//evil.example/x"}})
	wantStatus(t, "sign in", r, http.StatusSeeOther)
	if loc := r.header.Get("Location"); loc != "/calls" {
		t.Errorf("sign-in redirect to %q, want /calls", loc)
	}
	r = e.anonymous().postForm("/login", url.Values{"username": {"ada"}, "password": {"wrong password!"}})
	wantStatus(t, "wrong password", r, http.StatusUnauthorized)
	if !strings.Contains(r.body, "Wrong username or password.") {
		t.Errorf("wrong password page lacks the message")
	}
}

// noInlineCode fails when a page has inline scripts, styles or event
// handlers, which the Content Security Policy would block.
func noInlineCode(t *testing.T, path, body string) {
	t.Helper()
	for _, re := range []*regexp.Regexp{regexp.MustCompile(`<script(?:\s[^>]*)?>\s*[^<\s]`), regexp.MustCompile(`<script>`),
		regexp.MustCompile(`<style`), regexp.MustCompile(`\sstyle="`), regexp.MustCompile(`\son[a-z]+="`)} {
		if loc := re.FindStringIndex(body); loc != nil {
			t.Errorf("%s: inline code %q", path, body[max(0, loc[0]-40):min(len(body), loc[1]+40)])
		}
	}
}

func TestEveryPageRendersForEveryRole(t *testing.T) {
	tm := newTeam(t, store.SQLite)
	e := tm.e
	call := e.ingest(tm.dana, "markup.txt", []byte(markupCall), time.Now().Add(-time.Hour))
	pages := []string{"/calls", "/upload", fmt.Sprintf("/calls/%d", call.ID), "/labels", fmt.Sprintf("/reps/%d", *tm.dana.RepID),
		"/playbook", "/playbook?sample=" + url.QueryEscape("You will raise prices after year one."), "/live", "/practice"}
	for _, who := range []string{"ada", "erin", "dana"} {
		c := e.signIn(who)
		for _, p := range pages {
			r := c.get(p)
			wantStatus(t, who+" "+p, r, http.StatusOK)
			noInlineCode(t, p, r.body)
			if !strings.Contains(r.body, `<main id="main"`) || !strings.Contains(r.body, `class="skip" href="#main"`) {
				t.Errorf("%s: no main landmark or skip link", p)
			}
		}
	}
	for _, who := range []string{"ada", "erin"} {
		r := e.signIn(who).get("/team")
		wantStatus(t, who+" /team", r, http.StatusOK)
		noInlineCode(t, "/team", r.body)
	}
	wantStatus(t, "rep on the team dashboard", e.signIn("dana").get("/team"), http.StatusForbidden)
	r := e.signIn("dana").get("/dashboard")
	if r.status != http.StatusSeeOther || r.header.Get("Location") != fmt.Sprintf("/reps/%d", *tm.dana.RepID) {
		t.Errorf("rep dashboard redirect: %d %s", r.status, r.header.Get("Location"))
	}
}

func TestTranscriptMarkupIsText(t *testing.T) {
	tm := newTeam(t, store.SQLite)
	e := tm.e
	call := e.ingest(tm.dana, "markup.txt", []byte(markupCall), time.Now())
	c := e.signIn("erin")
	page := fmt.Sprintf("/calls/%d", call.ID)
	// A comment with markup too.
	r := c.post(page+"/comments", momentForm(t, c, page, url.Values{"body": {`<img src=x onerror=alert(2)> nice <i>try</i>`}}))
	wantStatus(t, "comment", r, http.StatusSeeOther)
	r = c.get(page)
	wantStatus(t, "call page", r, http.StatusOK)
	for _, bad := range []string{"<script>alert(1)</script>", "<b>bold</b>", "<img src=x", "<i>try</i>"} {
		if strings.Contains(r.body, bad) {
			t.Errorf("the page has the markup %q unescaped", bad)
		}
	}
	for _, want := range []string{"&lt;script&gt;alert(1)&lt;/script&gt;", "&lt;b&gt;bold&lt;/b&gt;", "&lt;img src=x onerror=alert(2)&gt;"} {
		if !strings.Contains(r.body, want) {
			t.Errorf("the page lacks the escaped text %q", want)
		}
	}
	if !strings.Contains(r.body, "<mark id=\"q1\">") {
		t.Errorf("the moment's quote is not highlighted")
	}
}

var hiddenMoment = regexp.MustCompile(`name="turn" value="(\d+)">\s*<input type="hidden" name="quote" value="([^"]*)"`)

// momentForm adds the first moment of the call page (its turn and quote)
// to the form values.
func momentForm(t *testing.T, c *client, page string, v url.Values) url.Values {
	t.Helper()
	r := c.get(page)
	m := hiddenMoment.FindStringSubmatch(r.body)
	if m == nil {
		t.Fatalf("no moment form on %s:\n%s", page, r.body)
	}
	v.Set("turn", m[1])
	v.Set("quote", htmlUnescape(m[2]))
	return v
}

func htmlUnescape(s string) string {
	return strings.NewReplacer("&#39;", "'", "&#34;", `"`, "&quot;", `"`, "&amp;", "&", "&lt;", "<", "&gt;", ">").Replace(s)
}

func TestRolesAndCSRF(t *testing.T) {
	storetest.ForEach(t, func(t *testing.T, d store.Dialect) {
		tm := newTeam(t, d)
		e := tm.e
		call := e.ingest(tm.dana, "markup.txt", []byte(markupCall), time.Now())
		page := fmt.Sprintf("/calls/%d", call.ID)

		// Who sees Dana's call: her, her manager, the admin; not Omar, not Rosa, not Walt.
		for who, want := range map[string]int{"dana": 200, "erin": 200, "ada": 200, "omar": 404, "rosa": 404, "walt": 404} {
			c := e.signIn(who)
			r := c.get(page)
			wantStatus(t, who+" opens Dana's call", r, want)
			if want == 404 && (!strings.Contains(r.body, "Not found") || strings.Contains(r.body, "jack up the price")) {
				t.Errorf("%s: the not-found page shows the call or no heading", who)
			}
			// Nor may they post to it.
			if want == 404 {
				r = c.post(page+"/comments", url.Values{"turn": {"1"}, "quote": {"x"}, "body": {"hello"}})
				wantStatus(t, who+" comments on Dana's call", r, 404)
			}
		}
		// Rep dashboards follow the same rule.
		wantStatus(t, "omar opens Dana's dashboard", e.signIn("omar").get(fmt.Sprintf("/reps/%d", *tm.dana.RepID)), 404)
		wantStatus(t, "walt opens Dana's dashboard", e.signIn("walt").get(fmt.Sprintf("/reps/%d", *tm.dana.RepID)), 404)
		wantStatus(t, "erin opens Dana's dashboard", e.signIn("erin").get(fmt.Sprintf("/reps/%d", *tm.dana.RepID)), 200)
		// Only admins save the playbook.
		wantStatus(t, "a manager saves the playbook", e.signIn("erin").post("/playbook", url.Values{"yaml": {"company: X\n"}}), 403)

		// CSRF: a form without the token, or with another session's, is refused.
		erin := e.signIn("erin")
		v := momentForm(t, erin, page, url.Values{"body": {"Nice warning; now ask first."}})
		wantStatus(t, "comment without a token", erin.postForm(page+"/comments", v), http.StatusForbidden)
		v.Set("csrf_token", e.signIn("dana").csrf())
		wantStatus(t, "comment with another session's token", erin.postForm(page+"/comments", v), http.StatusForbidden)
		v.Del("csrf_token")
		wantStatus(t, "comment with the token", erin.post(page+"/comments", v), http.StatusSeeOther)
		// A post from another site is refused even with the token.
		req, _ := http.NewRequest(http.MethodPost, e.URL+page+"/comments", strings.NewReader(url.Values{"csrf_token": {erin.csrf()}, "body": {"x"}}.Encode()))
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		req.Header.Set("Sec-Fetch-Site", "cross-site")
		res, err := erin.hc.Do(req)
		must(t, err, "cross-site post")
		res.Body.Close()
		if res.StatusCode != http.StatusForbidden {
			t.Errorf("cross-site post: %d, want 403", res.StatusCode)
		}
		// Mutations are POST only.
		wantStatus(t, "GET on a form target", erin.get(page+"/comments"), http.StatusNotFound)
		// Signing out ends the session.
		wantStatus(t, "sign out", erin.post("/logout", url.Values{}), http.StatusSeeOther)
		wantStatus(t, "after signing out", erin.get(page), http.StatusSeeOther)
	})
}

func TestCommentsReviewsAndMissedMoments(t *testing.T) {
	tm := newTeam(t, store.SQLite)
	e := tm.e
	call := e.ingest(tm.dana, "markup.txt", []byte(markupCall), time.Now())
	page := fmt.Sprintf("/calls/%d", call.ID)
	erin, dana := e.signIn("erin"), e.signIn("dana")

	wantStatus(t, "manager comment", erin.post(page+"/comments", momentForm(t, erin, page, url.Values{"body": {"Good warning. Ask permission before the facts."}})), 303)
	wantStatus(t, "rep reply", dana.post(page+"/comments", momentForm(t, dana, page, url.Values{"body": {"Thanks, will do next time."}})), 303)
	r := dana.post(page+"/comments", momentForm(t, dana, page, url.Values{"body": {"   "}}))
	wantStatus(t, "empty comment", r, 400)
	if !strings.Contains(r.body, `role="alert"`) || !strings.Contains(r.body, "Write a comment first") {
		t.Errorf("the empty comment's error is not shown next to the form")
	}
	r = erin.get(page)
	if i, j := strings.Index(r.body, "Good warning."), strings.Index(r.body, "Thanks, will do next time."); i < 0 || j < i {
		t.Errorf("the thread does not show the comment then the reply")
	}

	// Detection feedback: a corrected quote must be in the moment's turn.
	v := momentForm(t, erin, page, url.Values{"verdict": {"right"}, "corrected_quote": {"words nobody said at all"}})
	r = erin.post(page+"/reviews", v)
	wantStatus(t, "review with a quote not in the call", r, 400)
	if !strings.Contains(r.body, "not in what the prospect said") || !strings.Contains(r.body, "words nobody said at all") {
		t.Errorf("the refused review does not say why, or loses what was typed")
	}
	v.Set("corrected_quote", "you guys will probably jack up the price after the first year")
	v.Set("corrected_category", "forward_looking")
	wantStatus(t, "review right", erin.post(page+"/reviews", v), 303)
	reviews, err := store.ListReviews(context.Background(), e.db, store.All, call.ID)
	if err != nil || len(reviews) != 1 || reviews[0].CorrectedQuote != "you guys will probably jack up the price after the first year" || reviews[0].CorrectedCategory != "" {
		t.Fatalf("reviews = %+v, %v", reviews, err)
	}
	v.Set("verdict", "wrong")
	wantStatus(t, "review wrong", erin.post(page+"/reviews", v), 303)
	r = erin.get(page)
	if !strings.Contains(r.body, "detection marked wrong by Erin East") {
		t.Errorf("the card does not show the verdict")
	}
	v.Set("clear", "1")
	wantStatus(t, "take the feedback back", erin.post(page+"/reviews", v), 303)
	if rs, _ := store.ListReviews(context.Background(), e.db, store.All, call.ID); len(rs) != 0 {
		t.Errorf("reviews after taking back: %+v", rs)
	}

	// A missed moment: its quote is looked up in the prospect's turns.
	r = erin.post(page+"/missed", url.Values{"quote": {"Dana Reyes said this"}, "category": {"incorrect_fact"}})
	wantStatus(t, "missed moment not in the call", r, 400)
	r = erin.post(page+"/missed", url.Values{"quote": {"go on then"}, "category": {"unfounded_conclusion"}, "note": {"a test"}})
	wantStatus(t, "missed moment", r, 303)
	if loc := r.header.Get("Location"); !strings.HasSuffix(loc, "#t3") {
		t.Errorf("missed moment redirect %q, want its turn #t3", loc)
	}
	added, _ := store.ListAddedMoments(context.Background(), e.db, store.All, call.ID)
	if len(added) != 1 || added[0].Turn != 3 {
		t.Fatalf("added = %+v", added)
	}
	wantStatus(t, "remove the missed moment", erin.post(fmt.Sprintf("%s/missed/%d/delete", page, added[0].ID), url.Values{}), 303)
}

func TestUploadForm(t *testing.T) {
	tm := newTeam(t, store.SQLite)
	e := tm.e
	erin := e.signIn("erin")
	a05 := readFile(t, "../testdata/calls/a05-northbound-freight-cold-call.txt")
	a06 := readFile(t, "../testdata/calls/a06-ridgeway-commercial-insurance-renewal.txt")
	// Without JavaScript: several files in one post, a line per file.
	r := erin.upload(url.Values{"rep_names": {"Tyler Brooks, Fatima Rahman"}, "team": {fmt.Sprint(tm.east.ID)}, "date": {"2025-03-04"}},
		"", map[string][]byte{"a05.txt": a05, "a06.txt": a06})
	wantStatus(t, "upload two files", r, http.StatusOK)
	if n := strings.Count(r.body, "Open the call"); n != 2 {
		t.Errorf("%d results, want 2:\n%s", n, r.body)
	}
	// The script's way: one file, JSON back; the same file again is a duplicate.
	r = erin.upload(url.Values{"rep_names": {"Tyler Brooks"}}, "application/json", map[string][]byte{"a05.txt": a05})
	wantStatus(t, "upload a duplicate", r, http.StatusOK)
	if !strings.Contains(r.body, `"status":"duplicate"`) {
		t.Errorf("duplicate upload answered %s", r.body)
	}
	// A rep may only upload their own calls.
	r = e.signIn("dana").upload(url.Values{"rep_names": {"Tyler Brooks"}}, "application/json", map[string][]byte{"x.txt": []byte("Tyler Brooks: hello there\nBob: hi\n")})
	wantStatus(t, "rep uploads someone else's call", r, http.StatusBadRequest)
	if !strings.Contains(r.body, "reps may store only their own calls") {
		t.Errorf("rep upload answered %s", r.body)
	}
	r = erin.upload(url.Values{}, "", map[string][]byte{})
	wantStatus(t, "upload nothing", r, http.StatusBadRequest)
	calls, _, err := store.ListCalls(context.Background(), e.db, store.All, store.CallFilter{})
	if err != nil || len(calls) != 2 {
		t.Fatalf("calls = %d, %v", len(calls), err)
	}
	for _, c := range calls {
		if c.Date.Format("2006-01-02") != "2025-03-04" {
			t.Errorf("call %d date %s, want 2025-03-04", c.ID, c.Date)
		}
	}
}

func TestCallsListFilters(t *testing.T) {
	tm := newTeam(t, store.SQLite)
	e := tm.e
	day := time.Date(2025, 3, 10, 12, 0, 0, 0, time.UTC)
	e.ingest(tm.dana, "markup.txt", []byte(markupCall), day)
	letGo := strings.ReplaceAll(markupCall, "Bob, I see that a little differently. Would you be open to me sharing why? Annual plans lock the price for three years.", "Sure, that makes sense, we can talk about it later.")
	e.ingest(tm.rosa, "letgo.txt", []byte(strings.ReplaceAll(letGo, "Dana Reyes", "Rosa Delgado")), day.AddDate(0, 0, 5))
	c := e.signIn("erin")
	for q, want := range map[string][]string{
		"":                                     {"letgo", "markup"},
		"?letgo=1":                             {"letgo"},
		"?courage=ge50":                        {"markup"},
		fmt.Sprintf("?rep=%d", *tm.dana.RepID): {"markup"},
		"?from=2025-03-12":                     {"letgo"},
		"?to=2025-03-10":                       {"markup"},
	} {
		r := c.get("/calls" + q)
		wantStatus(t, "calls"+q, r, 200)
		got := regexp.MustCompile(`<a href="/calls/\d+">([^<]+)</a>`).FindAllStringSubmatch(r.body, -1)
		var titles []string
		for _, g := range got {
			titles = append(titles, g[1])
		}
		if strings.Join(titles, ",") != strings.Join(want, ",") {
			t.Errorf("calls%s = %v, want %v", q, titles, want)
		}
	}
	wantStatus(t, "bad date", c.get("/calls?from=yesterday"), 400)
}
