package store

import (
	"context"
	"crypto/sha256"
	"database/sql"
	"encoding/base64"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/pushback-coach/pushback"
)

// Call statuses. A call is queued until a job has analysed it.
const (
	StatusQueued = "queued"
	StatusDone   = "done"
	StatusFailed = "failed"
)

// Call is a stored call without its transcript and analysis.
type Call struct {
	ID          int64                 `json:"id"`
	Title       string                `json:"title"`
	Date        time.Time             `json:"date"`
	Account     string                `json:"account"`
	Deal        string                `json:"deal"`
	Source      string                `json:"source"`
	Format      string                `json:"format"`
	Status      string                `json:"status"`
	Error       string                `json:"error,omitempty"`
	Generation  int64                 `json:"generation"` // counts analyses asked for; a job for an older one is dropped
	Reps        []RepRef              `json:"reps"`
	Playbook    *pushback.PlaybookRef `json:"playbook"`
	Model       *pushback.ModelRef    `json:"models"`
	Moments     int                   `json:"moments"`
	PushedBack  int                   `json:"pushed_back"`
	Courage     *float64              `json:"courage"`
	Craft       *float64              `json:"craft"`
	ContentHash string                `json:"content_hash"`
	UploadedBy  *int64                `json:"uploaded_by"`
	CreatedAt   time.Time             `json:"created_at"`
	AnalyzedAt  *time.Time            `json:"analyzed_at"`
}

// RepRef names a rep on a call.
type RepRef struct {
	ID     int64  `json:"id"`
	Name   string `json:"name"`
	TeamID *int64 `json:"team_id"`
}

// NewCall is a call to store.
type NewCall struct {
	Title      string
	Date       time.Time
	Account    string
	Deal       string
	Transcript []byte         // the file as received; its sha256 de-duplicates calls
	Call       *pushback.Call // the parsed call
	RepsGiven  []string       // the seller-side names given at upload, to parse it again the same way
	TeamID     *int64         // the team of reps seen for the first time
	UploadedBy *int64
	// Analysis, when set, is stored with the call, which is then done (a
	// finished live session); otherwise the call is queued for analysis.
	Analysis *pushback.Analysis
}

// ContentHash is how calls are de-duplicated: the sha256 of the file.
func ContentHash(b []byte) string {
	sum := sha256.Sum256(b)
	return "sha256:" + hex.EncodeToString(sum[:])
}

// DuplicateError says a transcript is stored already.
type DuplicateError struct{ CallID int64 }

func (e *DuplicateError) Error() string {
	return fmt.Sprintf("this transcript is stored already as call %d", e.CallID)
}

// Unwrap gives the error its conflict code.
func (e *DuplicateError) Unwrap() error { return pushback.Errorf(pushback.ECONFLICT, "%s", e.Error()) }

// CreateCall stores a call and links its seller-side speakers to reps,
// creating the reps not seen before. It fails with a *DuplicateError when
// the same transcript is stored already.
func CreateCall(ctx context.Context, tx *Tx, nc NewCall) (Call, error) {
	if nc.Call == nil {
		return Call{}, errors.New("store: CreateCall without a call")
	}
	callJSON, err := json.Marshal(nc.Call)
	if err != nil {
		return Call{}, err
	}
	if nc.Transcript == nil {
		nc.Transcript = callJSON
	}
	if nc.Date.IsZero() {
		nc.Date = now()
	}
	if strings.TrimSpace(nc.Title) == "" {
		nc.Title = nc.Call.Source
	}
	given, _ := json.Marshal(append([]string{}, nc.RepsGiven...))
	hash := ContentHash(nc.Transcript)
	var id int64
	err = tx.QueryRowContext(ctx, `INSERT INTO calls (content_hash, title, occurred_at, account, deal, source, format,
			reps_given, transcript, call_json, status, uploaded_by, created_at)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
		ON CONFLICT (content_hash) DO NOTHING RETURNING id`,
		hash, strings.TrimSpace(nc.Title), nc.Date.UTC().Truncate(time.Microsecond), strings.TrimSpace(nc.Account),
		strings.TrimSpace(nc.Deal), nc.Call.Source, nc.Call.Format, string(given), nc.Transcript, string(callJSON),
		StatusQueued, nc.UploadedBy, now()).Scan(&id)
	if errors.Is(err, sql.ErrNoRows) {
		existing, ferr := FindCallByHash(ctx, tx, hash)
		if ferr != nil {
			return Call{}, ferr
		}
		return Call{}, &DuplicateError{CallID: existing}
	}
	if err != nil {
		return Call{}, err
	}
	reps := nc.Call.SpeakersIn(pushback.RoleRep)
	sort.Strings(reps) // one lock order across concurrent uploads
	for _, name := range reps {
		rep, err := EnsureRep(ctx, tx, name, nc.TeamID)
		if err != nil {
			return Call{}, err
		}
		if _, err := tx.ExecContext(ctx, `INSERT INTO call_reps (call_id, rep_id) VALUES (?, ?) ON CONFLICT DO NOTHING`, id, rep.ID); err != nil {
			return Call{}, err
		}
	}
	if nc.Analysis != nil {
		if _, err := SaveAnalysis(ctx, tx, id, 1, nc.Analysis); err != nil {
			return Call{}, err
		}
	}
	return GetCall(ctx, tx, All, id)
}

// FindCallByHash returns the id of the call with the content hash, or 0.
func FindCallByHash(ctx context.Context, h Handle, hash string) (int64, error) {
	var id int64
	err := h.QueryRowContext(ctx, `SELECT id FROM calls WHERE content_hash = ?`, hash).Scan(&id)
	if errors.Is(err, sql.ErrNoRows) {
		return 0, nil
	}
	return id, err
}

const callColumns = `c.id, c.title, c.occurred_at, c.account, c.deal, c.source, c.format, c.status, c.error, c.generation,
	c.playbook_name, c.playbook_version, c.model_version, c.moments, c.pushed_back, c.courage, c.craft,
	c.content_hash, c.uploaded_by, c.created_at, c.analyzed_at`

func scanCall(row interface{ Scan(...any) error }) (Call, error) {
	var c Call
	var pbName, pbVersion, model string
	var courage, craft sql.NullFloat64
	var uploadedBy sql.NullInt64
	err := row.Scan(&c.ID, &c.Title, timeScan{&c.Date}, &c.Account, &c.Deal, &c.Source, &c.Format, &c.Status, &c.Error,
		&c.Generation, &pbName, &pbVersion, &model, &c.Moments, &c.PushedBack, &courage, &craft,
		&c.ContentHash, &uploadedBy, timeScan{&c.CreatedAt}, nullTimeScan{&c.AnalyzedAt})
	if err != nil {
		return Call{}, err
	}
	if pbName != "" || pbVersion != "" {
		c.Playbook = &pushback.PlaybookRef{Name: pbName, Version: pbVersion}
	}
	if model != "" {
		c.Model = &pushback.ModelRef{Version: model}
	}
	c.Courage, c.Craft = floatPtr(courage), floatPtr(craft)
	if uploadedBy.Valid {
		c.UploadedBy = &uploadedBy.Int64
	}
	c.Reps = []RepRef{}
	return c, nil
}

// GetCall returns the call if the scope may see it.
func GetCall(ctx context.Context, h Handle, s Scope, id int64) (Call, error) {
	cond, args := s.callVisible()
	c, err := scanCall(h.QueryRowContext(ctx, `SELECT `+callColumns+` FROM calls c WHERE c.id = ? AND `+cond, append([]any{id}, args...)...))
	if err != nil {
		return Call{}, notFound(err, "no call %d", id)
	}
	calls := []Call{c}
	if err := fillCallReps(ctx, h, calls); err != nil {
		return Call{}, err
	}
	return calls[0], nil
}

// GetAnalysis returns the stored pushback.analysis/v1 document of a call the
// scope may see, or nil when it has not been analysed.
func GetAnalysis(ctx context.Context, h Handle, s Scope, id int64) (json.RawMessage, error) {
	cond, args := s.callVisible()
	var doc sql.NullString
	err := h.QueryRowContext(ctx, `SELECT c.analysis_json FROM calls c WHERE c.id = ? AND `+cond, append([]any{id}, args...)...).Scan(&doc)
	if err != nil {
		return nil, notFound(err, "no call %d", id)
	}
	if !doc.Valid {
		return nil, nil
	}
	return json.RawMessage(doc.String), nil
}

// Pending is a call waiting for analysis, as a job names it.
type Pending struct {
	CallID     int64
	Generation int64
}

// CallInput is what analysing a call needs.
type CallInput struct {
	ID         int64
	Generation int64
	Status     string
	Call       *pushback.Call
}

// GetCallInput reads the parsed call to analyse.
func GetCallInput(ctx context.Context, h Handle, id int64) (CallInput, error) {
	in := CallInput{ID: id}
	var doc string
	err := h.QueryRowContext(ctx, `SELECT generation, status, call_json FROM calls WHERE id = ?`, id).Scan(&in.Generation, &in.Status, &doc)
	if err != nil {
		return CallInput{}, notFound(err, "no call %d", id)
	}
	in.Call = new(pushback.Call)
	if err := json.Unmarshal([]byte(doc), in.Call); err != nil {
		return CallInput{}, fmt.Errorf("call %d: stored call JSON: %w", id, err)
	}
	return in, nil
}

// SaveAnalysis stores the analysis of a call and indexes its moments and
// scores, replacing any earlier ones. It does nothing and returns false when
// the call is gone or a newer analysis was asked for (generation moved on).
func SaveAnalysis(ctx context.Context, tx *Tx, callID, generation int64, a *pushback.Analysis) (bool, error) {
	doc, err := json.Marshal(a)
	if err != nil {
		return false, err
	}
	res, err := tx.ExecContext(ctx, `UPDATE calls SET status = ?, error = '', analysis_json = ?, playbook_name = ?, playbook_version = ?,
			model_version = ?, moments = ?, pushed_back = ?, courage = ?, craft = ?, analyzed_at = ?
		WHERE id = ? AND generation = ?`,
		StatusDone, string(doc), a.Playbook.Name, a.Playbook.Version, a.Models.Version, a.Scores.Moments, a.Scores.PushedBack,
		a.Scores.Courage, a.Scores.Craft, now(), callID, generation)
	if err != nil {
		return false, err
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return false, nil
	}
	var date time.Time
	if err := tx.QueryRowContext(ctx, `SELECT occurred_at FROM calls WHERE id = ?`, callID).Scan(timeScan{&date}); err != nil {
		return false, err
	}
	reps := map[string]int64{}
	rows, err := tx.QueryContext(ctx, `SELECT r.id, r.name_key FROM call_reps cr JOIN reps r ON r.id = cr.rep_id WHERE cr.call_id = ?`, callID)
	if err != nil {
		return false, err
	}
	for rows.Next() {
		var id int64
		var key string
		if err := rows.Scan(&id, &key); err != nil {
			rows.Close()
			return false, err
		}
		reps[key] = id
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return false, err
	}
	for _, q := range []string{`DELETE FROM moments WHERE call_id = ?`, `DELETE FROM rep_scores WHERE call_id = ?`} {
		if _, err := tx.ExecContext(ctx, q, callID); err != nil {
			return false, err
		}
	}
	for i, m := range a.Moments {
		repID := momentRep(a, m, reps)
		topics := make([]string, len(m.Topics))
		for j, t := range m.Topics {
			topics[j] = string(t)
		}
		how, pushed := "", false
		if m.Response != nil {
			how, pushed = string(m.Response.How), m.Response.PushedBack
		}
		if _, err := tx.ExecContext(ctx, `INSERT INTO moments (call_id, position, turn, rep_id, category, topics, confidence, quote, how, pushed_back, feedback, occurred_at)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
			callID, i, m.Turn, repID, string(m.Category), joinTopics(topics), m.Confidence, m.Quote, how, pushed, m.Feedback, date); err != nil {
			return false, err
		}
	}
	for key, repID := range reps {
		var s pushback.RepScores
		for name, rs := range a.Scores.ByRep {
			if RepKey(name) == key && rs != nil {
				s = *rs
			}
		}
		if _, err := tx.ExecContext(ctx, `INSERT INTO rep_scores (call_id, rep_id, occurred_at, moments, pushed_back, courage, craft) VALUES (?, ?, ?, ?, ?, ?, ?)`,
			callID, repID, date, s.Moments, s.PushedBack, s.Courage, s.Craft); err != nil {
			return false, err
		}
	}
	return true, nil
}

// momentRep is the rep a moment counts for: the rep who answered it, else
// the only rep on the call.
func momentRep(a *pushback.Analysis, m pushback.Moment, reps map[string]int64) *int64 {
	if m.Response != nil {
		for _, t := range m.Response.Turns {
			if t >= 0 && t < len(a.Turns) && a.Turns[t].Role == pushback.RoleRep {
				if id, ok := reps[RepKey(a.Turns[t].Speaker)]; ok {
					return &id
				}
			}
		}
	}
	if len(reps) == 1 {
		for _, id := range reps {
			return &id
		}
	}
	return nil
}

// joinTopics stores topics as ",a,b," so a LIKE '%,a,%' finds one.
func joinTopics(t []string) string {
	if len(t) == 0 {
		return ""
	}
	return "," + strings.Join(t, ",") + ","
}

func splitTopics(s string) []string {
	out := []string{}
	for _, t := range strings.Split(s, ",") {
		if t != "" {
			out = append(out, t)
		}
	}
	return out
}

// MarkFailed records that analysing a call failed for good.
func MarkFailed(ctx context.Context, h Handle, callID, generation int64, msg string) error {
	_, err := h.ExecContext(ctx, `UPDATE calls SET status = ?, error = ? WHERE id = ? AND generation = ?`, StatusFailed, msg, callID, generation)
	return err
}

// Requeue asks for a new analysis of the calls: each is queued again with
// its generation moved on, and the jobs to enqueue are returned.
func Requeue(ctx context.Context, tx *Tx, ids []int64) ([]Pending, error) {
	var out []Pending
	for _, id := range ids {
		var p Pending
		err := tx.QueryRowContext(ctx, `UPDATE calls SET status = ?, error = '', generation = generation + 1 WHERE id = ? RETURNING id, generation`,
			StatusQueued, id).Scan(&p.CallID, &p.Generation)
		if err != nil {
			return nil, notFound(err, "no call %d", id)
		}
		out = append(out, p)
	}
	return out, nil
}

// PendingCalls returns the calls waiting for analysis, oldest first.
func PendingCalls(ctx context.Context, h Handle) ([]Pending, error) {
	rows, err := h.QueryContext(ctx, `SELECT id, generation FROM calls WHERE status = ? ORDER BY id`, StatusQueued)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []Pending
	for rows.Next() {
		var p Pending
		if err := rows.Scan(&p.CallID, &p.Generation); err != nil {
			return nil, err
		}
		out = append(out, p)
	}
	return out, rows.Err()
}

// StaleCalls returns the ids of the calls whose analysis is out of date: it
// failed, or used another playbook or model version than the ones given.
func StaleCalls(ctx context.Context, h Handle, playbookVersion, modelVersion string) ([]int64, error) {
	return queryIDs(ctx, h, `SELECT id FROM calls WHERE status = ? OR (status = ? AND (playbook_version <> ? OR model_version <> ?)) ORDER BY id`,
		StatusFailed, StatusDone, playbookVersion, modelVersion)
}

// AllCallIDs returns the ids of every call.
func AllCallIDs(ctx context.Context, h Handle) ([]int64, error) {
	return queryIDs(ctx, h, `SELECT id FROM calls ORDER BY id`)
}

// DeleteCall removes a call the scope may see, with its moments and scores.
func DeleteCall(ctx context.Context, h Handle, s Scope, id int64) error {
	cond, args := s.callVisible()
	res, err := h.ExecContext(ctx, `DELETE FROM calls WHERE id IN (SELECT c.id FROM calls c WHERE c.id = ? AND `+cond+`)`, append([]any{id}, args...)...)
	if err != nil {
		return err
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return pushback.Errorf(pushback.ENOTFOUND, "no call %d", id)
	}
	return nil
}

// CallFilter narrows a list of calls. Zero values do not filter.
type CallFilter struct {
	RepID   int64
	TeamID  int64
	Status  string
	Account string
	Deal    string
	Query   string // words in the title
	From    time.Time
	To      time.Time
	Limit   int
	Cursor  string // from the previous page
	// LetGo keeps the calls with a moment the rep did not push back on.
	LetGo bool
	// Score bounds, inclusive; a bound excludes the calls without that score.
	CourageMin, CourageMax *float64
	CraftMin, CraftMax     *float64
}

// Page limits.
const (
	DefaultLimit = 50
	MaxLimit     = 500
)

// ListCalls returns a page of the calls the scope may see, newest first, and
// the cursor of the next page ("" at the end).
func ListCalls(ctx context.Context, h Handle, s Scope, f CallFilter) ([]Call, string, error) {
	where, args := s.callVisible()
	if f.RepID != 0 {
		where += ` AND EXISTS (SELECT 1 FROM call_reps fr WHERE fr.call_id = c.id AND fr.rep_id = ?)`
		args = append(args, f.RepID)
	}
	if f.TeamID != 0 {
		where += ` AND EXISTS (SELECT 1 FROM call_reps ft JOIN reps rt ON rt.id = ft.rep_id WHERE ft.call_id = c.id AND rt.team_id = ?)`
		args = append(args, f.TeamID)
	}
	if f.Status != "" {
		where += ` AND c.status = ?`
		args = append(args, f.Status)
	}
	if f.Account != "" {
		where += ` AND lower(c.account) = lower(?)`
		args = append(args, f.Account)
	}
	if f.Deal != "" {
		where += ` AND lower(c.deal) = lower(?)`
		args = append(args, f.Deal)
	}
	if f.LetGo {
		where += ` AND c.moments > c.pushed_back`
	}
	for _, b := range []struct {
		cond string
		v    *float64
	}{{` AND c.courage >= ?`, f.CourageMin}, {` AND c.courage <= ?`, f.CourageMax}, {` AND c.craft >= ?`, f.CraftMin}, {` AND c.craft <= ?`, f.CraftMax}} {
		if b.v != nil {
			where += b.cond
			args = append(args, *b.v)
		}
	}
	for _, w := range strings.Fields(f.Query) {
		where += ` AND lower(c.title) LIKE ?`
		args = append(args, "%"+likeEscape(strings.ToLower(w))+"%")
	}
	where, args = timeRange(where, args, "c.occurred_at", f.From, f.To)
	where, args, err := afterCursor(where, args, "c.occurred_at", "c.id", f.Cursor)
	if err != nil {
		return nil, "", err
	}
	limit := clampLimit(f.Limit)
	rows, err := h.QueryContext(ctx, `SELECT `+callColumns+` FROM calls c WHERE `+where+` ORDER BY c.occurred_at DESC, c.id DESC LIMIT ?`,
		append(args, limit+1)...)
	if err != nil {
		return nil, "", err
	}
	defer rows.Close()
	calls := []Call{}
	for rows.Next() {
		c, err := scanCall(rows)
		if err != nil {
			return nil, "", err
		}
		calls = append(calls, c)
	}
	if err := rows.Err(); err != nil {
		return nil, "", err
	}
	rows.Close()
	next := ""
	if len(calls) > limit {
		calls = calls[:limit]
		last := calls[limit-1]
		next = makeCursor(last.Date, last.ID)
	}
	return calls, next, fillCallReps(ctx, h, calls)
}

func fillCallReps(ctx context.Context, h Handle, calls []Call) error {
	if len(calls) == 0 {
		return nil
	}
	ids := make([]any, len(calls))
	at := map[int64]int{}
	for i, c := range calls {
		ids[i] = c.ID
		at[c.ID] = i
	}
	rows, err := h.QueryContext(ctx, `SELECT cr.call_id, r.id, r.name, r.team_id FROM call_reps cr JOIN reps r ON r.id = cr.rep_id
		WHERE cr.call_id IN (`+placeholders(len(ids))+`) ORDER BY r.name`, ids...)
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		var callID int64
		var r RepRef
		var team sql.NullInt64
		if err := rows.Scan(&callID, &r.ID, &r.Name, &team); err != nil {
			return err
		}
		if team.Valid {
			r.TeamID = &team.Int64
		}
		c := &calls[at[callID]]
		c.Reps = append(c.Reps, r)
	}
	return rows.Err()
}

func clampLimit(n int) int {
	switch {
	case n <= 0:
		return DefaultLimit
	case n > MaxLimit:
		return MaxLimit
	}
	return n
}

// makeCursor encodes the sort key of the last row of a page.
func makeCursor(t time.Time, id int64) string {
	return base64.RawURLEncoding.EncodeToString([]byte(strconv.FormatInt(t.UnixMicro(), 10) + ":" + strconv.FormatInt(id, 10)))
}

// afterCursor adds the condition for the rows after the cursor in
// (time DESC, id DESC) order.
func afterCursor(where string, args []any, timeCol, idCol, cursor string) (string, []any, error) {
	if cursor == "" {
		return where, args, nil
	}
	bad := pushback.Errorf(pushback.EINVALID, "cursor %q: expected the next_cursor of a previous page", cursor)
	b, err := base64.RawURLEncoding.DecodeString(cursor)
	if err != nil {
		return "", nil, bad
	}
	ts, ids, ok := strings.Cut(string(b), ":")
	micros, err1 := strconv.ParseInt(ts, 10, 64)
	id, err2 := strconv.ParseInt(ids, 10, 64)
	if !ok || err1 != nil || err2 != nil {
		return "", nil, bad
	}
	t := time.UnixMicro(micros).UTC()
	where += ` AND (` + timeCol + ` < ? OR (` + timeCol + ` = ? AND ` + idCol + ` < ?))`
	return where, append(args, t, t, id), nil
}

// likeEscape keeps LIKE wildcards typed by users literal.
func likeEscape(s string) string {
	return strings.NewReplacer("%", "", "_", "").Replace(s)
}
