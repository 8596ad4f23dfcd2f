package server

import "net/http"

// route is one endpoint: who may call it, how large a body it takes, its
// handler, and what the OpenAPI document says about it.
type route struct {
	method, path string
	access       access
	maxBody      int64 // 0: Config.MaxJSONBytes; uploadBody: Config.MaxUploadBytes
	handle       func(s *Server, w http.ResponseWriter, r *http.Request) error
	doc          op
}

const uploadBody = -1

// op documents a route for the OpenAPI document.
type op struct {
	summary  string
	tag      string
	params   []param // query parameters
	body     string  // request schema ("" none)
	status   int     // success status
	response string  // response schema ("" none)
}

type param struct {
	name, typ, desc string
}

var (
	pLimit  = param{"limit", "integer", "page size (default 50, at most 500)"}
	pCursor = param{"cursor", "string", "next_cursor of the previous page"}
	pFrom   = param{"from", "string", "from this date or time (2025-03-01 or RFC 3339), inclusive"}
	pTo     = param{"to", "string", "up to this date or time, exclusive"}
	pRep    = param{"rep", "integer", "rep id"}
	pTeam   = param{"team", "integer", "team id"}
)

// routes returns the API. The OpenAPI document is built from this table, so
// the two cannot drift apart.
func routes() []route {
	return []route{
		{"GET", "/api/v1/openapi.json", public, 0, (*Server).handleOpenAPI,
			op{summary: "This document", tag: "meta", status: 200, response: "OpenAPI"}},
		{"GET", "/api/v1/health", public, 0, (*Server).handleHealth,
			op{summary: "Whether the server and its database answer", tag: "meta", status: 200, response: "Health"}},

		{"GET", "/api/v1/setup", public, 0, (*Server).handleSetupStatus,
			op{summary: "Whether first-run setup is needed (no users yet)", tag: "accounts", status: 200, response: "SetupStatus"}},
		{"POST", "/api/v1/setup", public, 0, (*Server).handleSetup,
			op{summary: "First run: create the admin with the setup code from the server log, and sign in", tag: "accounts", body: "SetupRequest", status: 201, response: "Session"}},
		{"POST", "/api/v1/login", public, 0, (*Server).handleLogin,
			op{summary: "Sign in with a username and password: sets the session cookie and returns the CSRF token (rate limited)", tag: "accounts", body: "LoginRequest", status: 200, response: "Session"}},
		{"POST", "/api/v1/logout", public, 0, (*Server).handleLogout,
			op{summary: "Sign out: ends the session and clears the cookie", tag: "accounts", status: 204}},
		{"GET", "/api/v1/me", signedIn, 0, (*Server).handleMe,
			op{summary: "Who is signed in, and the session's CSRF token", tag: "accounts", status: 200, response: "Session"}},

		{"POST", "/api/v1/calls", uploader, uploadBody, (*Server).handleCallUpload,
			op{summary: "Upload a transcript (multipart field file, or the raw body with the fields in the query string); the format is detected. Analysis is queued.", tag: "calls",
				params: []param{{"rep", "string", "a seller-side speaker (repeatable); reps may only upload their own calls"},
					{"title", "string", "the call's title (default: the file name)"}, {"date", "string", "when the call took place (2025-03-01 or RFC 3339; default: now)"},
					{"account", "string", "the prospect's account"}, {"deal", "string", "the deal"}, {"team", "integer", "the team of reps seen for the first time"},
					{"name", "string", "file name (raw body only): a format hint"}, {"format", "string", "force a transcript format id"}},
				body: "Upload", status: 202, response: "Call"}},
		{"GET", "/api/v1/calls", signedIn, 0, (*Server).handleCallList,
			op{summary: "List the calls you may see, newest first", tag: "calls",
				params: []param{pRep, pTeam, {"status", "string", "queued, done or failed"}, {"account", "string", "account (any case)"}, {"deal", "string", "deal (any case)"},
					{"q", "string", "words in the title"}, pFrom, pTo, pLimit, pCursor},
				status: 200, response: "CallPage"}},
		{"GET", "/api/v1/calls/{id}", signedIn, 0, (*Server).handleCallGet,
			op{summary: "A call with its analysis (pushback.analysis/v1; null until analysed)", tag: "calls", status: 200, response: "CallWithAnalysis"}},
		{"DELETE", "/api/v1/calls/{id}", signedIn, 0, (*Server).handleCallDelete,
			op{summary: "Delete a call with its moments and scores", tag: "calls", status: 204}},
		{"POST", "/api/v1/calls/{id}/reanalyze", managers, 0, (*Server).handleCallReanalyze,
			op{summary: "Analyse a call again with the current playbook and model", tag: "calls", status: 202, response: "Call"}},

		{"GET", "/api/v1/moments", signedIn, 0, (*Server).handleMomentList,
			op{summary: "List push-back moments across the calls you may see, newest first", tag: "calls",
				params: []param{pRep, pTeam, {"call", "integer", "call id"}, {"category", "string", "incorrect_fact, unfounded_conclusion or forward_looking"},
					{"topic", "string", "a topic such as price"}, {"how", "string", "what the rep did: pushed_back, agreed, conceded, ignored, clarifying_question, no_reply"},
					{"pushed_back", "boolean", "only moments the rep pushed back on (true) or not (false)"}, pFrom, pTo, pLimit, pCursor},
				status: 200, response: "MomentPage"}},

		{"GET", "/api/v1/reps", signedIn, 0, (*Server).handleRepList,
			op{summary: "List the reps you may see with their totals", tag: "reps", params: []param{pTeam}, status: 200, response: "RepList"}},
		{"GET", "/api/v1/reps/{id}", signedIn, 0, (*Server).handleRepGet,
			op{summary: "A rep with their score history: courage and craft call by call", tag: "reps", params: []param{pFrom, pTo}, status: 200, response: "RepWithHistory"}},
		{"PATCH", "/api/v1/reps/{id}", admins, 0, (*Server).handleRepUpdate,
			op{summary: "Move a rep to a team (team_id null: no team)", tag: "reps", body: "RepUpdate", status: 200, response: "Rep"}},
		{"GET", "/api/v1/summary", signedIn, 0, (*Server).handleSummary,
			op{summary: "Team summary: calls, moments, courage and craft, by category and by rep", tag: "reps", params: []param{pTeam, pFrom, pTo}, status: 200, response: "Summary"}},

		{"GET", "/api/v1/playbooks", signedIn, 0, (*Server).handlePlaybookList,
			op{summary: "List the playbooks; the one named default is used for analyses", tag: "playbooks", status: 200, response: "PlaybookList"}},
		{"GET", "/api/v1/playbooks/{name}", signedIn, 0, (*Server).handlePlaybookGet,
			op{summary: "A playbook: its YAML and the merged result", tag: "playbooks", status: 200, response: "Playbook"}},
		{"PUT", "/api/v1/playbooks/{name}", admins, 0, (*Server).handlePlaybookPut,
			op{summary: "Save a playbook (YAML body); invalid ones are refused with each problem's line", tag: "playbooks", body: "PlaybookYAML", status: 200, response: "Playbook"}},

		{"GET", "/api/v1/users", signedIn, 0, (*Server).handleUserList,
			op{summary: "List the users you may see", tag: "accounts", status: 200, response: "UserList"}},
		{"POST", "/api/v1/users", admins, 0, (*Server).handleUserCreate,
			op{summary: "Create a user", tag: "accounts", body: "UserCreate", status: 201, response: "User"}},
		{"GET", "/api/v1/users/{id}", signedIn, 0, (*Server).handleUserGet,
			op{summary: "A user", tag: "accounts", status: 200, response: "User"}},
		{"PATCH", "/api/v1/users/{id}", signedIn, 0, (*Server).handleUserUpdate,
			op{summary: "Change a user: admins anything; users their own name and password (with current_password)", tag: "accounts", body: "UserUpdate", status: 200, response: "User"}},
		{"DELETE", "/api/v1/users/{id}", admins, 0, (*Server).handleUserDelete,
			op{summary: "Delete a user (their calls stay)", tag: "accounts", status: 204}},

		{"GET", "/api/v1/teams", signedIn, 0, (*Server).handleTeamList,
			op{summary: "List the teams you may see", tag: "accounts", status: 200, response: "TeamList"}},
		{"POST", "/api/v1/teams", admins, 0, (*Server).handleTeamCreate,
			op{summary: "Create a team", tag: "accounts", body: "TeamChange", status: 201, response: "Team"}},
		{"GET", "/api/v1/teams/{id}", signedIn, 0, (*Server).handleTeamGet,
			op{summary: "A team with its managers and reps", tag: "accounts", status: 200, response: "Team"}},
		{"PATCH", "/api/v1/teams/{id}", admins, 0, (*Server).handleTeamUpdate,
			op{summary: "Rename a team or replace its managers or reps", tag: "accounts", body: "TeamChange", status: 200, response: "Team"}},
		{"DELETE", "/api/v1/teams/{id}", admins, 0, (*Server).handleTeamDelete,
			op{summary: "Delete a team (its reps stay, without a team)", tag: "accounts", status: 204}},

		{"GET", "/api/v1/tokens", signedIn, 0, (*Server).handleTokenList,
			op{summary: "List your API tokens (admins: everyone's)", tag: "accounts", status: 200, response: "TokenList"}},
		{"POST", "/api/v1/tokens", signedIn, 0, (*Server).handleTokenCreate,
			op{summary: "Create an API token for machines; the secret is shown once. Scope ingest may only upload calls.", tag: "accounts", body: "TokenCreate", status: 201, response: "NewToken"}},
		{"DELETE", "/api/v1/tokens/{id}", signedIn, 0, (*Server).handleTokenRevoke,
			op{summary: "Revoke an API token", tag: "accounts", status: 204}},

		{"POST", "/api/v1/practice/attempts", signedIn, 0, (*Server).handlePracticeAttempt,
			op{summary: "Record a practice attempt (reps: their own)", tag: "practice", body: "PracticeAttemptIn", status: 201, response: "PracticeAttempt"}},
		{"GET", "/api/v1/practice/progress", signedIn, 0, (*Server).handlePracticeProgress,
			op{summary: "A rep's practice history and progress (reps: their own; default you)", tag: "practice", params: []param{pRep, pFrom, pTo}, status: 200, response: "PracticeProgress"}},
	}
}
