package server_test

import (
	"encoding/json"
	"fmt"
	"sort"
	"strconv"
	"strings"
	"sync/atomic"
	"testing"

	"github.com/pushback-coach/pushback/server"
	"github.com/pushback-coach/pushback/store"
	"github.com/pushback-coach/pushback/store/storetest"
)

// The actors of the role matrix. The data under test is Dana's: Dana is a
// rep in the East team, which Erin manages; Omar is a rep in the West team,
// which Walt manages.
var actors = []string{
	"admin",      // an admin
	"mgr-own",    // Erin, manager of Dana's team
	"mgr-other",  // Walt, manager of another team
	"rep-own",    // Dana herself
	"rep-other",  // Omar, another rep
	"anon",       // nobody signed in
	"token",      // an ingest-scope API token (Erin's): may only upload
	"token-full", // a full-scope API token of Dana's: acts as Dana
}

// matrix is the shared fixture.
type matrix struct {
	e                *env
	clients          map[string]*client
	admin            store.User
	erin, walt       store.User
	dana, omar       store.User
	east, west       store.Team
	danaCall, omCall store.Call
	seq              atomic.Int64
}

func newMatrix(t *testing.T, d store.Dialect) *matrix {
	e := newEnv(t, d)
	m := &matrix{e: e, clients: map[string]*client{}}
	m.east, m.west = e.addTeam("East"), e.addTeam("West")
	m.admin = e.addUser("admin", "Ada Admin", store.RoleAdmin)
	m.erin = e.addUser("erin", "Erin East", store.RoleManager, m.east.ID)
	m.walt = e.addUser("walt", "Walt West", store.RoleManager, m.west.ID)
	m.dana = e.addUser("dana", "Dana Reyes", store.RoleRep, m.east.ID)
	m.omar = e.addUser("omar", "Omar Haddad", store.RoleRep, m.west.ID)
	m.danaCall = e.storeAnalysedCall("Dana Reyes", 1)
	m.omCall = e.storeAnalysedCall("Omar Haddad", 2)
	m.clients["admin"] = e.login("admin")
	m.clients["mgr-own"] = e.login("erin")
	m.clients["mgr-other"] = e.login("walt")
	m.clients["rep-own"] = e.login("dana")
	m.clients["rep-other"] = e.login("omar")
	m.clients["anon"] = e.anon()
	m.clients["token"] = e.tokenClient(e.addToken(m.erin, store.ScopeIngest))
	m.clients["token-full"] = e.tokenClient(e.addToken(m.dana, store.ScopeFull))
	// Practice of both reps.
	for _, rep := range []store.User{m.dana, m.omar} {
		m.clients["admin"].mustJSON("POST", "/api/v1/practice/attempts", map[string]any{"rep_id": *rep.RepID, "scenario_id": "price-1", "reply": "may I?", "overall": 0.8}, 201, nil)
	}
	return m
}

func (m *matrix) next() int64 { return m.seq.Add(1) }

// doomedCall is a fresh call of Dana's for a case that changes or deletes it.
func (m *matrix) doomedCall() store.Call {
	n := int(m.next())
	return m.e.storeAnalysedCallTitled("Dana Reyes", 100+n, fmt.Sprintf("Dana Reyes doomed %d", n))
}

// endpointCase is one endpoint in the matrix: the request each actor makes
// and the status each must get, in the order of actors.
type endpointCase struct {
	name   string
	method string
	path   func(m *matrix) string
	body   func(m *matrix) any
	want   string // one status per actor
	fresh  bool   // send from a new client (as the actor's kind), so a login does not replace the actor's session
	// list, when set, checks what the answer lists for the actor: only what
	// they may see.
	list func(t *testing.T, m *matrix, actor string, body []byte)
}

func fixed(p string) func(*matrix) string { return func(*matrix) string { return p } }

func TestRoleMatrix(t *testing.T) {
	cases := []endpointCase{
		{name: "openapi", method: "GET", path: fixed("/api/v1/openapi.json"), want: "200 200 200 200 200 200 200 200"},
		{name: "health", method: "GET", path: fixed("/api/v1/health"), want: "200 200 200 200 200 200 200 200"},
		{name: "setup status", method: "GET", path: fixed("/api/v1/setup"), want: "200 200 200 200 200 200 200 200"},
		{name: "setup again", method: "POST", path: fixed("/api/v1/setup"),
			body: func(*matrix) any {
				return map[string]string{"code": "let-me-in", "username": "eve", "password": testPassword}
			},
			want: "409 409 409 409 409 409 409 409"},
		{name: "login", method: "POST", path: fixed("/api/v1/login"),
			body: func(*matrix) any { return map[string]string{"username": "dana", "password": testPassword} },
			want: "200 200 200 200 200 200 200 200", fresh: true},
		{name: "me", method: "GET", path: fixed("/api/v1/me"), want: "200 200 200 200 200 401 403 200"},

		{name: "list calls", method: "GET", path: fixed("/api/v1/calls"), want: "200 200 200 200 200 401 403 200",
			list: wantItems("title", map[string][]string{
				"admin": {"Dana Reyes fixture 1", "Omar Haddad fixture 2"}, "mgr-own": {"Dana Reyes fixture 1"}, "mgr-other": {"Omar Haddad fixture 2"},
				"rep-own": {"Dana Reyes fixture 1"}, "rep-other": {"Omar Haddad fixture 2"}, "token-full": {"Dana Reyes fixture 1"}})},
		{name: "get call", method: "GET", path: func(m *matrix) string { return fmt.Sprintf("/api/v1/calls/%d", m.danaCall.ID) },
			want: "200 200 404 200 404 401 403 200"},
		{name: "delete call", method: "DELETE", path: func(m *matrix) string {
			return fmt.Sprintf("/api/v1/calls/%d", m.doomedCall().ID)
		}, want: "204 204 404 204 404 401 403 204"},
		{name: "reanalyze call", method: "POST", path: func(m *matrix) string { return fmt.Sprintf("/api/v1/calls/%d/reanalyze", m.doomedCall().ID) },
			want: "202 202 404 403 403 401 403 403"},
		{name: "upload Dana's call", method: "POST", path: func(m *matrix) string {
			return fmt.Sprintf("/api/v1/calls?rep=Dana+Reyes&name=call-%d.txt", m.next())
		}, body: func(m *matrix) any { return transcriptFor("Dana Reyes", int(m.next())) },
			want: "202 202 403 202 403 401 202 202"},

		{name: "list moments", method: "GET", path: fixed("/api/v1/moments"), want: "200 200 200 200 200 401 403 200",
			list: wantItems("call_title", map[string][]string{
				"admin": {"Dana Reyes fixture 1", "Omar Haddad fixture 2"}, "mgr-own": {"Dana Reyes fixture 1"}, "mgr-other": {"Omar Haddad fixture 2"},
				"rep-own": {"Dana Reyes fixture 1"}, "rep-other": {"Omar Haddad fixture 2"}, "token-full": {"Dana Reyes fixture 1"}})},
		{name: "list reps", method: "GET", path: fixed("/api/v1/reps"), want: "200 200 200 200 200 401 403 200",
			list: wantItems("name", map[string][]string{
				"admin": {"Dana Reyes", "Omar Haddad"}, "mgr-own": {"Dana Reyes"}, "mgr-other": {"Omar Haddad"},
				"rep-own": {"Dana Reyes"}, "rep-other": {"Omar Haddad"}, "token-full": {"Dana Reyes"}})},
		{name: "get rep", method: "GET", path: func(m *matrix) string { return fmt.Sprintf("/api/v1/reps/%d", *m.dana.RepID) },
			want: "200 200 404 200 404 401 403 200"},
		{name: "move rep", method: "PATCH", path: func(m *matrix) string { return fmt.Sprintf("/api/v1/reps/%d", *m.dana.RepID) },
			body: func(m *matrix) any { return map[string]any{"team_id": m.east.ID} }, want: "200 403 403 403 403 401 403 403"},
		{name: "summary", method: "GET", path: fixed("/api/v1/summary"), want: "200 200 200 200 200 401 403 200",
			list: func(t *testing.T, m *matrix, actor string, b []byte) {
				var s struct {
					Calls int `json:"calls"`
					ByRep []struct {
						Name string `json:"name"`
					} `json:"by_rep"`
				}
				_ = json.Unmarshal(b, &s)
				var names []string
				for _, r := range s.ByRep {
					names = append(names, r.Name)
				}
				want := map[string]string{"admin": "[Dana Reyes Omar Haddad]", "mgr-own": "[Dana Reyes]", "mgr-other": "[Omar Haddad]",
					"rep-own": "[Dana Reyes]", "rep-other": "[Omar Haddad]", "token-full": "[Dana Reyes]"}[actor]
				if fmt.Sprint(names) != want {
					t.Errorf("%s: summary by_rep %v, want %s", actor, names, want)
				}
			}},

		{name: "list playbooks", method: "GET", path: fixed("/api/v1/playbooks"), want: "200 200 200 200 200 401 403 200"},
		{name: "get playbook", method: "GET", path: fixed("/api/v1/playbooks/default"), want: "200 200 200 200 200 401 403 200"},
		{name: "put playbook", method: "PUT", path: fixed("/api/v1/playbooks/team"), body: func(*matrix) any { return "company: Acme\n" },
			want: "200 403 403 403 403 401 403 403"},

		{name: "list users", method: "GET", path: fixed("/api/v1/users"), want: "200 200 200 200 200 401 403 200",
			list: wantItems("username", map[string][]string{
				"admin": {"admin", "dana", "erin", "omar", "walt"}, "mgr-own": {"dana", "erin"}, "mgr-other": {"omar", "walt"},
				"rep-own": {"dana"}, "rep-other": {"omar"}, "token-full": {"dana"}})},
		{name: "create user", method: "POST", path: fixed("/api/v1/users"),
			body: func(m *matrix) any {
				return map[string]any{"username": fmt.Sprintf("new%d", m.next()), "role": "rep", "password": testPassword}
			}, want: "201 403 403 403 403 401 403 403"},
		{name: "get user", method: "GET", path: func(m *matrix) string { return fmt.Sprintf("/api/v1/users/%d", m.dana.ID) },
			want: "200 200 404 200 404 401 403 200"},
		{name: "rename user", method: "PATCH", path: func(m *matrix) string { return fmt.Sprintf("/api/v1/users/%d", m.dana.ID) },
			body: func(*matrix) any { return map[string]any{"name": "Dana Reyes"} }, want: "200 403 404 200 404 401 403 200"},
		{name: "change role", method: "PATCH", path: func(m *matrix) string { return fmt.Sprintf("/api/v1/users/%d", m.dana.ID) },
			body: func(*matrix) any { return map[string]any{"role": "rep"} }, want: "200 403 404 403 404 401 403 403"},
		{name: "delete user", method: "DELETE", path: func(m *matrix) string {
			return fmt.Sprintf("/api/v1/users/%d", m.e.addUser(fmt.Sprintf("gone%d", m.next()), "", store.RoleRep, m.east.ID).ID)
		}, want: "204 403 403 403 403 401 403 403"},

		{name: "list teams", method: "GET", path: fixed("/api/v1/teams"), want: "200 200 200 200 200 401 403 200",
			list: wantItems("name", map[string][]string{
				"admin": {"East", "West"}, "mgr-own": {"East"}, "mgr-other": {"West"}, "rep-own": {"East"}, "rep-other": {"West"}, "token-full": {"East"}})},
		{name: "get team", method: "GET", path: func(m *matrix) string { return fmt.Sprintf("/api/v1/teams/%d", m.east.ID) },
			want: "200 200 404 200 404 401 403 200"},
		{name: "create team", method: "POST", path: fixed("/api/v1/teams"),
			body: func(m *matrix) any { return map[string]any{"name": fmt.Sprintf("Team %d", m.next())} }, want: "201 403 403 403 403 401 403 403"},
		{name: "change team", method: "PATCH", path: func(m *matrix) string { return fmt.Sprintf("/api/v1/teams/%d", m.east.ID) },
			body: func(*matrix) any { return map[string]any{"name": "East"} }, want: "200 403 403 403 403 401 403 403"},
		{name: "delete team", method: "DELETE", path: func(m *matrix) string {
			return fmt.Sprintf("/api/v1/teams/%d", m.e.addTeam(fmt.Sprintf("Gone %d", m.next())).ID)
		}, want: "204 403 403 403 403 401 403 403"},

		{name: "list tokens", method: "GET", path: fixed("/api/v1/tokens"), want: "200 200 200 200 200 401 403 200",
			list: func(t *testing.T, m *matrix, actor string, b []byte) {
				var p struct {
					Items []store.Token `json:"items"`
				}
				_ = json.Unmarshal(b, &p)
				owner := map[string]int64{"mgr-own": m.erin.ID, "mgr-other": m.walt.ID, "rep-own": m.dana.ID, "rep-other": m.omar.ID, "token-full": m.dana.ID}[actor]
				for _, tok := range p.Items {
					if owner != 0 && tok.UserID != owner {
						t.Errorf("%s sees token %d of user %d", actor, tok.ID, tok.UserID)
					}
				}
			}},
		{name: "create token", method: "POST", path: fixed("/api/v1/tokens"), body: func(*matrix) any { return map[string]any{"name": "recorder"} },
			want: "201 201 201 201 201 401 403 403"},
		{name: "create token for Dana", method: "POST", path: fixed("/api/v1/tokens"),
			body: func(m *matrix) any { return map[string]any{"name": "recorder", "user_id": m.dana.ID} }, want: "201 403 403 201 403 401 403 403"},
		{name: "revoke Erin's token", method: "DELETE", path: func(m *matrix) string {
			m.e.addToken(m.erin, store.ScopeIngest)
			tok, _ := store.ListTokens(t.Context(), m.e.db, m.erin.ID) // newest first
			return fmt.Sprintf("/api/v1/tokens/%d", tok[0].ID)
		}, want: "204 204 404 404 404 401 403 404"},

		{name: "record Dana's practice", method: "POST", path: fixed("/api/v1/practice/attempts"),
			body: func(m *matrix) any {
				return map[string]any{"rep_id": *m.dana.RepID, "scenario_id": "price-2", "reply": "I see it differently", "overall": 0.7}
			}, want: "201 201 404 201 403 401 403 201"},
		{name: "Dana's practice progress", method: "GET", path: func(m *matrix) string { return fmt.Sprintf("/api/v1/practice/progress?rep=%d", *m.dana.RepID) },
			want: "200 200 404 200 403 401 403 200"},

		{name: "unknown endpoint", method: "GET", path: fixed("/api/v1/nope"), want: "404 404 404 404 404 404 404 404"},
		{name: "logout", method: "POST", path: fixed("/api/v1/logout"), want: "204 204 204 204 204 204 204 204"},
	}
	storetest.ForEach(t, func(t *testing.T, d store.Dialect) {
		m := newMatrix(t, d)
		statuses := 0
		covered := map[string]bool{}
		for _, c := range cases {
			want := strings.Fields(c.want)
			if len(want) != len(actors) {
				t.Fatalf("%s: %d statuses for %d actors", c.name, len(want), len(actors))
			}
			for i, actor := range actors {
				if c.name == "logout" {
					m.clients[actor] = m.clientCopy(actor) // do not sign the shared clients out
				}
				var body any
				if c.body != nil {
					body = c.body(m)
				}
				path := c.path(m)
				covered[c.method+" "+template(path)] = true
				cl := m.clients[actor]
				if c.fresh {
					fresh := m.e.anon()
					fresh.bearer = cl.bearer
					cl = fresh
				}
				resp, b := cl.do(c.method, path, body)
				statuses++
				if got := fmt.Sprint(resp.StatusCode); got != want[i] {
					t.Errorf("%s as %s: %s %s, want %s", c.name, actor, got, b, want[i])
					continue
				}
				if resp.StatusCode >= 400 {
					if code := errorCode(b); code == "" {
						t.Errorf("%s as %s: error without a JSON code: %s", c.name, actor, b)
					}
				}
				if c.list != nil && resp.StatusCode == 200 {
					c.list(t, m, actor, b)
				}
			}
		}
		t.Logf("%d endpoint cases x %d actors: %d statuses checked", len(cases), len(actors), statuses)
		// Every endpoint of the API is in the matrix.
		for _, op := range documentedOps(t) {
			if !covered[op] {
				t.Errorf("%s is not in the role matrix", op)
			}
		}
	})
}

// clientCopy returns a fresh session (or token) for the actor, so logging
// out does not end the shared one.
func (m *matrix) clientCopy(actor string) *client {
	switch actor {
	case "admin":
		return m.e.login("admin")
	case "mgr-own":
		return m.e.login("erin")
	case "mgr-other":
		return m.e.login("walt")
	case "rep-own":
		return m.e.login("dana")
	case "rep-other":
		return m.e.login("omar")
	}
	return m.clients[actor]
}

// wantItems checks the field of the listed items against what each actor
// may see (actors not in the map are not checked).
func wantItems(field string, want map[string][]string) func(t *testing.T, m *matrix, actor string, b []byte) {
	return func(t *testing.T, m *matrix, actor string, b []byte) {
		w, ok := want[actor]
		if !ok {
			return
		}
		var p struct {
			Items []map[string]any `json:"items"`
		}
		if err := json.Unmarshal(b, &p); err != nil {
			t.Fatalf("%s: %v", actor, err)
		}
		// Dana's side must never see Omar's data, nor Omar's side Dana's.
		other := map[string]string{"mgr-own": "Omar", "rep-own": "Omar", "token-full": "Omar", "mgr-other": "Dana", "rep-other": "Dana"}[actor]
		got := []string{}
		for _, it := range p.Items {
			v := fmt.Sprint(it[field])
			if other != "" && strings.Contains(fmt.Sprint(it), other) {
				t.Errorf("%s sees another team's data: %v", actor, it)
			}
			if (field == "title" || field == "call_title") && !strings.Contains(v, "fixture") {
				continue // calls made by other cases
			}
			if field == "username" && (strings.HasPrefix(v, "new") || strings.HasPrefix(v, "gone")) {
				continue
			}
			if field == "name" && (strings.HasPrefix(v, "Team ") || strings.HasPrefix(v, "Gone ")) {
				continue
			}
			got = append(got, v)
		}
		sort.Strings(got)
		want := append([]string(nil), w...)
		sort.Strings(want)
		if fmt.Sprint(got) != fmt.Sprint(want) {
			t.Errorf("%s lists %s %v, want %v", actor, field, got, want)
		}
	}
}

// template turns a request path back into its route: /api/v1/calls/12 is
// /api/v1/calls/{id}, /api/v1/playbooks/team is /api/v1/playbooks/{name}.
func template(path string) string {
	path, _, _ = strings.Cut(path, "?")
	parts := strings.Split(path, "/")
	for i, p := range parts {
		if _, err := strconv.ParseInt(p, 10, 64); err == nil {
			parts[i] = "{id}"
		}
		if i == 4 && parts[3] == "playbooks" {
			parts[i] = "{name}"
		}
	}
	return strings.Join(parts, "/")
}

// documentedOps lists "METHOD /path" of every operation in the OpenAPI document.
func documentedOps(t *testing.T) []string {
	doc, err := server.OpenAPI()
	if err != nil {
		t.Fatal(err)
	}
	var d struct {
		Paths map[string]map[string]any `json:"paths"`
	}
	if err := json.Unmarshal(doc, &d); err != nil {
		t.Fatal(err)
	}
	var ops []string
	for path, methods := range d.Paths {
		for m := range methods {
			ops = append(ops, strings.ToUpper(m)+" "+path)
		}
	}
	sort.Strings(ops)
	return ops
}
