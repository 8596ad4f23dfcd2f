package web_test

import (
	"context"
	"flag"
	"fmt"
	"net/url"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/pushback-coach/pushback/playbook"
	"github.com/pushback-coach/pushback/store"
)

// go test ./web -run TestScreenshots -screenshots ../docs/screenshots
// writes the README's screenshots of the main pages, on a demo team.
var screenshotDir = flag.String("screenshots", "", "write screenshots of the main pages to this directory (TestScreenshots)")

// demoCalls are labelled testdata calls with one named rep, who becomes one
// of the demo team's reps.
var demoCalls = []struct{ file, rep string }{
	{"a05-northbound-freight-cold-call.txt", "Tyler Brooks"},
	{"a06-ridgeway-commercial-insurance-renewal.txt", "Fatima Rahman"},
	{"a22-brightwell-palletizer-proposal.txt", "Gwen Harper"},
	{"a24-kestrel-community-solar-cold-call.txt", "Ethan Yamada"},
	{"a29-atlas-transfer-module-upsell.txt", "Keiko Watanabe"},
	{"b14-tillwise-coldcall.txt", "Ben Castellano"},
	{"b19-marquee-expansion.txt", "Isabel Cunha"},
	{"b20-meridian-facilities-renewal.txt", "Olga Petrenko"},
	{"b27-stagehand-events-procurement.txt", "Rosalind Mbeki"},
	{"b30-crestline-cleaning-coldcall.txt", "Trevor Mbatha"},
	{"c04-halyard-school-safety-cold-call.txt", "Bryce Nakamura"},
	{"c07-pressmark-grocery-print-renewal.txt", "Delphine Roux"},
	{"c14-dropline-pharmacy-courier-cold-call.txt", "Nico Albrecht"},
	{"c15-basalt-mining-haul-truck-rental-proposal.txt", "Pieter Joubert"},
	{"c22-coolridge-school-hvac-service-renewal.txt", "Wendell Acosta"},
	{"a21-harlow-pierce-brewery-insurance-discovery.vtt", "Naomi Feldman"},
}

// renameSpeaker gives a call's rep another name: the full name, and the
// first name as a word (prospects say it).
func renameSpeaker(data []byte, from, to string) []byte {
	s := strings.ReplaceAll(string(data), from, to)
	first := regexp.MustCompile(`\b` + regexp.QuoteMeta(strings.Fields(from)[0]) + `\b`)
	return []byte(first.ReplaceAllString(s, strings.Fields(to)[0]))
}

func TestScreenshots(t *testing.T) {
	if *screenshotDir == "" {
		t.Skip("writes the README screenshots: go test ./web -run TestScreenshots -screenshots ../docs/screenshots")
	}
	chromiumPath(t)
	must(t, os.MkdirAll(*screenshotDir, 0o755), "screenshot directory")
	e := newEnv(t, store.SQLite)
	admin := e.addUser("ada", "Ada Admin", store.RoleAdmin)
	east, west := e.addTeam("East"), e.addTeam("West")
	e.addUser("erin", "Erin East", store.RoleManager, east.ID)
	e.addUser("walt", "Walt West", store.RoleManager, west.ID)
	reps := []store.User{
		e.addUser("dana", "Dana Reyes", store.RoleRep, east.ID),
		e.addUser("rosa", "Rosa Delgado", store.RoleRep, east.ID),
		e.addUser("sam", "Sam Okoro", store.RoleRep, east.ID),
		e.addUser("omar", "Omar Haddad", store.RoleRep, west.ID),
	}
	now := time.Now().UTC()
	var danaCalls []store.Call
	for i, dc := range demoCalls {
		rep := reps[i%len(reps)]
		if i%len(reps) == 2 && i > 8 {
			rep = reps[0] // Dana has the most calls
		}
		data := renameSpeaker(readFile(t, filepath.Join("../testdata/calls", dc.file)), dc.rep, rep.Name)
		date := now.AddDate(0, 0, -160+i*10)
		title := demoTitle(dc.file)
		c := e.ingest(admin, title+filepath.Ext(dc.file), data, date, rep.Name)
		if rep.ID == reps[0].ID {
			danaCalls = append(danaCalls, c)
		}
	}
	e.ingest(admin, "Acme Renewal.txt", []byte(markupCall), now.AddDate(0, 0, -1), "Dana Reyes")
	// The team's playbook, for the live page's nudges.
	pb, err := playbook.Parse("default.yaml", pushbackStarter())
	must(t, err, "demo playbook")
	must(t, store.PutPlaybook(context.Background(), e.db, store.StoredPlaybook{Name: "default", YAML: string(pushbackStarter()), Version: pb.Version}), "save the demo playbook")

	// A coaching thread and detection feedback on Dana's latest call.
	call := danaCalls[len(danaCalls)-1]
	page := fmt.Sprintf("/calls/%d", call.ID)
	erin, dana := e.signIn("erin"), e.signIn("dana")
	v := momentForm(t, erin, page, url.Values{"body": {"Nice catch on this one. Next time, ask permission before you share the numbers: it lands better."}})
	wantStatus(t, "comment", erin.post(page+"/comments", v), 303)
	v.Set("body", "Thanks Erin. I'll try “mind if I share a different view?” on Thursday's call.")
	wantStatus(t, "reply", dana.post(page+"/comments", v), 303)
	v = momentForm(t, erin, page, url.Values{"verdict": {"right"}})
	wantStatus(t, "review", erin.post(page+"/reviews", v), 303)

	// Some practice for Dana.
	for i, reply := range []string{
		"That's fair, we can revisit it later.",
		"I see that a bit differently. Would you be open to hearing why? Our customers saw the opposite, and I can share the numbers.",
		"Can I push back on that a little? Mind if I share what we have seen? Most teams your size got live in six weeks.",
		"I hear you. Would it be ok if I offered a different perspective? The contract locks the price for three years.",
	} {
		r := dana.get("/practice")
		next := regexp.MustCompile(`<a class="button" href="/practice/([^"]+)">`).FindStringSubmatch(r.body)
		if next == nil {
			t.Fatalf("no scenario to practise (%d)", i)
		}
		dana.post("/practice/"+next[1], url.Values{"reply": {reply}})
	}

	b := newBrowser(t, e.URL)
	shoot := func(u *user, name string, width, height int64, prepare ...chromedp.Action[chromedp.Void]) {
		t.Helper()
		u.do("viewport", chromedp.EmulateViewport(width, height))
		u.do("prepare "+name, prepare...)
		png, err := chromedp.Run(u.ctx, chromedp.CaptureScreenshot())
		must(t, err, "screenshot %s", name)
		must(t, os.WriteFile(filepath.Join(*screenshotDir, name+".png"), png, 0o644), "write %s", name)
	}
	scrollTo := func(sel string) chromedp.Action[chromedp.Void] {
		return chromedp.Evaluate[chromedp.Void](fmt.Sprintf(`document.querySelector(%q).scrollIntoView({block: "start"})`, sel))
	}

	mgr := b.tab("erin")
	mgr.signIn("erin")
	mgr.open("/calls")
	shoot(mgr, "calls", 1280, 860)
	mgr.open(page)
	shoot(mgr, "call", 1280, 1000)
	mgr.open(page)
	shoot(mgr, "call-moment", 1280, 1100, scrollTo("article.moment"), chromedp.Evaluate[chromedp.Void](`window.scrollBy(0, -90)`))
	mgr.open("/team")
	shoot(mgr, "team-dashboard", 1280, 1180)

	rep := b.tab("dana")
	rep.signIn("dana")
	rep.open(fmt.Sprintf("/reps/%d?days=365", *reps[0].RepID))
	shoot(rep, "rep-dashboard", 1280, 1500)
	rep.open("/practice")
	rep.submit("a.button[href^='/practice/']")
	rep.do("reply", chromedp.SendKeys(chromedp.CSS("#reply"), "I see that differently, would you mind if I shared why? Our customers found the opposite, and I can show you the numbers."))
	rep.submit("#practice-form button[type=submit]")
	if s := rep.eval(`document.body.textContent`); strings.Contains(s, "Go on:") {
		rep.do("continue", chromedp.SendKeys(chromedp.CSS("#reply"), "Our last three customers cut their costs by a fifth in the first year."))
		rep.submit("#practice-form button[type=submit]")
	}
	shoot(rep, "practice", 1280, 1000)
	rep.open(page)
	shoot(rep, "call-mobile", 375, 812, scrollTo("article.moment"))
	rep.open("/live")
	rep.do("play a call live", chromedp.Click(chromedp.CSS("#live-start button")),
		chromedp.Poll[chromedp.Void](`document.querySelector("#live-state").textContent.startsWith("Connected")`, chromedp.WithPollingTimeout(20*time.Second)),
		chromedp.SetValue(chromedp.CSS("#live-script"), liveDemo),
		chromedp.Click(chromedp.CSS("#live-play")),
		chromedp.Poll[chromedp.Void](`document.querySelectorAll("#live-cards li").length >= 2 && document.querySelector("#live-log").textContent.includes("Fair enough")`, chromedp.WithPollingTimeout(30*time.Second)),
		chromedp.Sleep(time.Second),
		chromedp.Evaluate[chromedp.Void](`window.scrollTo(0, 0)`))
	shoot(rep, "live", 1280, 1000)

	ada := b.tab("ada")
	ada.signIn("ada")
	ada.open("/playbook")
	ada.do("an invalid playbook", chromedp.SetValue(chromedp.CSS("#yaml"), strings.Replace(string(pushbackStarter()), "    topics: [price]", "    topics: [price]\n    colour: blue", 1)),
		chromedp.SetValue(chromedp.CSS("#sample"), "You guys will raise prices after the first year."))
	ada.submit("#playbook-form button[formaction]")
	shoot(ada, "playbook", 1280, 1100)
	ada.open("/upload")
	shoot(ada, "upload", 1280, 900)
}

// liveDemo is a call played on the live page for its screenshot.
const liveDemo = `Dana Reyes: Thanks for making time today, Bob.
Bob Stone: Happy to. Honestly though, you guys will probably jack up the price after the first year, once we're locked in.
Dana Reyes: That's fair, lots of vendors do that.
Bob Stone: And I heard your platform doesn't integrate with Salesforce, so that's a non-starter for us.
Dana Reyes: Bob, can I push back on that a little? Would you be open to hearing what we do with Salesforce?
Bob Stone: Fair enough, go ahead.
Dana Reyes: We integrate natively with Salesforce and HubSpot; most teams are syncing in a day.`

func pushbackStarter() []byte {
	return []byte(strings.Join([]string{
		"company: Acme Analytics",
		"product: Acme Insight",
		"aliases: [Acme, Insight]",
		"facts:",
		"  - id: price-lock",
		"    claim: Annual plans lock the price for three years.",
		"    about: [price*, pricing, renewal, increase*, raise*]",
		"    misconceptions:",
		"      - you'll raise prices after the first year",
		"    topics: [price]",
		"  - id: crm-integration",
		"    claim: Acme Insight integrates natively with Salesforce and HubSpot.",
		"    about: [salesforce, hubspot, crm, integrat*]",
		"",
	}, "\n"))
}

// demoTitle makes "Northbound Freight Cold Call" of a testdata file name.
func demoTitle(file string) string {
	words := strings.Split(strings.TrimSuffix(file[4:], filepath.Ext(file)), "-")
	for i, w := range words {
		words[i] = strings.ToUpper(w[:1]) + w[1:]
	}
	return strings.Join(words, " ")
}
