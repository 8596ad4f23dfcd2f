package web_test

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/coder/websocket"

	"github.com/pushback-coach/pushback/practice"
	"github.com/pushback-coach/pushback/store"
)

func TestPlaybookEditing(t *testing.T) {
	tm := newTeam(t, store.SQLite)
	e := tm.e
	ada := e.signIn("ada")
	r := ada.get("/playbook")
	wantStatus(t, "playbook page", r, 200)
	if !strings.Contains(r.body, "No team playbook saved yet") || !strings.Contains(r.body, "Acme Analytics") {
		t.Errorf("without a team playbook the page should offer the starter")
	}

	bad := "company: Acme\nfacts:\n  - id: price-lock\n    claim: Annual plans lock the price.\n    colour: blue\n"
	r = ada.post("/playbook", url.Values{"yaml": {bad}})
	wantStatus(t, "save an invalid playbook", r, http.StatusBadRequest)
	if !strings.Contains(r.body, `id="yaml-errors"`) || !strings.Contains(r.body, "<strong>Line 5:</strong>") || !strings.Contains(r.body, "colour") {
		t.Errorf("the problem is not shown with its line:\n%s", r.body[strings.Index(r.body, "<main"):])
	}
	if !strings.Contains(r.body, `aria-invalid="true"`) || !strings.Contains(r.body, "    colour: blue") {
		t.Errorf("the textarea is not marked invalid or lost the draft")
	}
	if _, err := store.GetPlaybook(context.Background(), e.db, "default"); err == nil {
		t.Errorf("an invalid playbook was saved")
	}

	good := "company: Acme Analytics\naliases: [Acme]\nfacts:\n  - id: price-lock\n    claim: Annual plans lock the price for three years.\n    about: [price*, renewal]\n    misconceptions:\n      - you'll raise prices after the first year\n"
	// Check and preview a draft: nothing saved, the sample classified with the draft.
	r = e.signIn("erin").post("/playbook/check", url.Values{"yaml": {good}, "sample": {"Acme will raise prices after the first year for sure."}})
	wantStatus(t, "preview a draft", r, 200)
	if !strings.Contains(r.body, "With the draft:") || !strings.Contains(r.body, "A moment:") || !strings.Contains(r.body, "price-lock") {
		t.Errorf("the preview does not classify the sample with the draft's fact")
	}
	r = ada.post("/playbook", url.Values{"yaml": {good}})
	wantStatus(t, "save the playbook", r, http.StatusSeeOther)
	sp, err := store.GetPlaybook(context.Background(), e.db, "default")
	if err != nil || sp.YAML != good {
		t.Fatalf("saved playbook %+v, %v", sp, err)
	}
	r = ada.get("/playbook?sample=" + url.QueryEscape("Thanks for the demo."))
	if !strings.Contains(r.body, "With the saved playbook:") || !strings.Contains(r.body, "Not a moment") {
		t.Errorf("the saved playbook's preview is missing")
	}
	// The team's fact is listed as theirs; the built-in facts about the
	// world are listed apart, folded, after it.
	team, world := strings.Index(r.body, "<code>price-lock</code>"), strings.Index(r.body, `<details id="world-facts">`)
	if team < 0 || world < team || !regexp.MustCompile(`Built-in facts about the world \(\d{3}\)`).MatchString(r.body) ||
		strings.Index(r.body, "<code>world-") < world {
		t.Errorf("playbook page: the team's fact at %d, the facts about the world at %d", team, world)
	}
}

func TestPracticeFlow(t *testing.T) {
	tm := newTeam(t, store.SQLite)
	e := tm.e
	dana := e.signIn("dana")
	r := dana.get("/practice")
	wantStatus(t, "practice page", r, 200)
	next := regexp.MustCompile(`<a class="button" href="/practice/([^"]+)">`).FindStringSubmatch(r.body)
	if next == nil {
		t.Fatalf("no suggested scenario on the practice page")
	}
	page := "/practice/" + next[1]
	r = dana.get(page)
	wantStatus(t, "scenario page", r, 200)
	prospect := regexp.MustCompile(`<h1>([^,<]+),`).FindStringSubmatch(r.body)[1]

	// Only a warning and a request for permission: the prospect answers.
	r = dana.post(page, url.Values{"reply": {prospect + ", I see that a bit differently. Would you mind if I shared why?"}})
	wantStatus(t, "first reply", r, 200)
	if !strings.Contains(r.body, `name="earlier"`) || strings.Contains(r.body, "Your score") {
		t.Fatalf("a warning and permission only should get the prospect's answer and a second reply box")
	}
	earlier := htmlUnescape(regexp.MustCompile(`name="earlier" value="([^"]*)"`).FindStringSubmatch(r.body)[1])
	r = dana.post(page, url.Values{"earlier": {earlier}, "reply": {"Most teams we work with found the opposite: the numbers from our last three customers showed it, and I can send them over."}})
	wantStatus(t, "second reply", r, 200)
	if !strings.Contains(r.body, "Your score") || !strings.Contains(r.body, "A model answer") || !strings.Contains(r.body, "Saved to your progress.") {
		t.Errorf("the scored reply lacks the score, the model answer or the saved note")
	}
	wantStatus(t, "empty reply", dana.post(page, url.Values{"reply": {" "}}), http.StatusBadRequest)
	atts, err := store.ListPracticeAttempts(context.Background(), e.db, *tm.dana.RepID, time.Time{}, time.Time{})
	if err != nil || len(atts) != 1 {
		t.Fatalf("stored attempts = %d, %v", len(atts), err)
	}
	var a practice.Attempt
	if err := json.Unmarshal(atts[0].Payload, &a); err != nil || a.ScenarioID != next[1] || !a.Scores.Warning || a.Rep != "Dana Reyes" {
		t.Errorf("stored attempt %+v, %v", a, err)
	}
	// The rep's dashboard shows the practice, and so does the API.
	r = dana.get(fmt.Sprintf("/reps/%d", *tm.dana.RepID))
	if !strings.Contains(r.body, "Replies practised</dt><dd>1</dd>") {
		t.Errorf("the dashboard does not show the practice")
	}
	r = dana.get("/api/v1/practice/progress")
	if !strings.Contains(r.body, `"total":1`) {
		t.Errorf("the API's progress does not have the attempt: %s", r.body)
	}
	// A manager without a rep record is scored but not stored.
	r = e.signIn("erin").post(page, url.Values{"reply": {"No, that's wrong."}})
	if !strings.Contains(r.body, "Not stored: you have no rep record.") {
		t.Errorf("a manager's practice should say it is not stored")
	}
}

func TestDashboards(t *testing.T) {
	tm := newTeam(t, store.SQLite)
	e := tm.e
	now := time.Now()
	e.ingest(tm.dana, "markup.txt", []byte(markupCall), now.AddDate(0, 0, -3))
	letGo := strings.ReplaceAll(markupCall, "Bob, I see that a little differently. Would you be open to me sharing why? Annual plans lock the price for three years.", "Sure, that makes sense, we can talk about it later.")
	for i := 0; i < 3; i++ {
		e.ingest(tm.rosa, fmt.Sprintf("letgo-%d.txt", i), []byte(strings.ReplaceAll(letGo, "Dana Reyes", "Rosa Delgado")+strings.Repeat(" ", i)), now.AddDate(0, 0, -i-1))
	}
	r := e.signIn("rosa").get(fmt.Sprintf("/reps/%d", *tm.rosa.RepID))
	wantStatus(t, "rep dashboard", r, 200)
	for _, want := range []string{`role="img" aria-labelledby="trend-title trend-desc"`, "<title id=\"trend-title\">Courage and craft over time</title>",
		`aria-labelledby="kinds-title kinds-desc"`, "<strong>forward-looking statement about price</strong>: let 3 of 3 go (agreed ×3)", "<caption>Moments by kind</caption>"} {
		if !strings.Contains(r.body, want) {
			t.Errorf("rep dashboard lacks %q", want)
		}
	}
	r = e.signIn("erin").get("/team")
	wantStatus(t, "team dashboard", r, 200)
	for _, want := range []string{"Courage: lets forward-looking statements go (3 of 3)", `<a href="/reps/` + fmt.Sprint(*tm.dana.RepID) + `">Dana Reyes</a>`, `aria-labelledby="team-title team-desc"`} {
		if !strings.Contains(r.body, want) {
			t.Errorf("team dashboard lacks %q", want)
		}
	}
	if strings.Contains(r.body, "Omar Haddad") {
		t.Errorf("the east manager sees a west rep")
	}
	wantStatus(t, "another team", e.signIn("erin").get(fmt.Sprintf("/team?team=%d", tm.west.ID)), 404)
}

func TestLiveWebSocket(t *testing.T) {
	tm := newTeam(t, store.SQLite)
	e := tm.e
	dana := e.signIn("dana")
	u, _ := url.Parse(e.URL)
	ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
	defer cancel()
	// Without a session the upgrade is refused.
	if _, res, err := websocket.Dial(ctx, "ws://"+u.Host+"/api/v1/live", nil); err == nil || res == nil || res.StatusCode != http.StatusUnauthorized {
		t.Fatalf("anonymous live: %v %v, want 401", err, res)
	}
	conn, _, err := websocket.Dial(ctx, "ws://"+u.Host+"/api/v1/live", &websocket.DialOptions{HTTPClient: dana.hc, HTTPHeader: http.Header{"Origin": {e.URL}}})
	must(t, err, "dial live")
	defer conn.CloseNow()
	send := func(s string) { must(t, conn.Write(ctx, websocket.MessageText, []byte(s)), "send") }
	send(`{"type":"start","rep":["Dana Reyes"],"title":"Live with Bob"}`)
	for _, line := range strings.Split(strings.TrimSpace(markupCall), "\n") {
		send(line)
	}
	send(`{"type":"end"}`)
	var callID string
	moments := 0
	for callID == "" {
		_, b, err := conn.Read(ctx)
		must(t, err, "read")
		var ev struct {
			Type   string `json:"type"`
			CallID string `json:"call_id"`
		}
		must(t, json.Unmarshal(b, &ev), "event")
		switch ev.Type {
		case "moment":
			moments++
		case "summary":
			callID = ev.CallID
			if callID == "" {
				t.Fatalf("summary without the saved call: %s", b)
			}
		}
	}
	if moments == 0 {
		t.Errorf("no moment event")
	}
	r := dana.get("/calls/" + callID)
	wantStatus(t, "the saved live call", r, 200)
	if !strings.Contains(r.body, "Live with Bob") || !strings.Contains(r.body, `<mark id="q1">`) {
		t.Errorf("the saved live call's page lacks its title or moment")
	}
	wantStatus(t, "another rep opens it", e.signIn("omar").get("/calls/"+callID), 404)
}
