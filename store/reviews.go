package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/pushback-coach/pushback"
)

// Reviewing a call: people comment on its moments, say whether each
// detected moment is right or wrong (optionally correcting its category or
// quote), and add the moments the detector missed. A moment is named by its
// call, turn and quote rather than by a moments row, which each reanalysis
// replaces. Every function takes the caller's Scope: what it may not see is
// not found.

// Review verdicts on a detected moment.
const (
	VerdictRight = "right" // a moment (its category and quote possibly corrected)
	VerdictWrong = "wrong" // not a moment: a false alarm
)

// Limits on what reviewers type.
const (
	MaxCommentRunes = 4000
	MaxQuoteRunes   = 1000
	MaxNoteRunes    = 1000
)

// MomentKey names a moment of a call: the turn it is in and its quote.
type MomentKey struct {
	Turn  int    `json:"turn"`
	Quote string `json:"quote"`
}

// Comment is one message in the thread on a moment: a manager's coaching
// note, the rep's reply.
type Comment struct {
	ID         int64     `json:"id"`
	CallID     int64     `json:"call_id"`
	MomentKey            // the moment commented on
	AuthorID   *int64    `json:"author_id"`
	AuthorName string    `json:"author"` // "" once the author's account is deleted
	AuthorRole Role      `json:"author_role,omitempty"`
	Body       string    `json:"body"`
	CreatedAt  time.Time `json:"created_at"`
}

// NewComment is a comment to add.
type NewComment struct {
	CallID   int64
	Moment   MomentKey
	AuthorID int64
	Body     string
}

// MomentReview is a reviewer's verdict on a detected moment.
type MomentReview struct {
	CallID            int64     `json:"call_id"`
	MomentKey                   // the detected moment
	Category          string    `json:"category"` // as detected
	Verdict           string    `json:"verdict"`  // VerdictRight or VerdictWrong
	CorrectedCategory string    `json:"corrected_category,omitempty"`
	CorrectedQuote    string    `json:"corrected_quote,omitempty"`
	Note              string    `json:"note,omitempty"`
	ReviewerID        *int64    `json:"reviewer_id"`
	ReviewerName      string    `json:"reviewer,omitempty"`
	UpdatedAt         time.Time `json:"updated_at"`
}

// AddedMoment is a moment a reviewer says the detector missed.
type AddedMoment struct {
	ID            int64     `json:"id"`
	CallID        int64     `json:"call_id"`
	MomentKey               // where it is: the prospect turn and its quote
	Category      string    `json:"category"`
	Note          string    `json:"note,omitempty"`
	CreatedBy     *int64    `json:"created_by"`
	CreatedByName string    `json:"created_by_name,omitempty"`
	CreatedAt     time.Time `json:"created_at"`
}

// mustSeeCall fails with not found unless the scope may see the call.
func mustSeeCall(ctx context.Context, h Handle, s Scope, callID int64) error {
	ok, err := CanSeeCall(ctx, h, s, callID)
	if err != nil {
		return err
	}
	if !ok {
		return pushback.Errorf(pushback.ENOTFOUND, "no call %d", callID)
	}
	return nil
}

// checkText trims s and checks it is within max runes; required says it may not be empty.
func checkText(what, s string, max int, required bool) (string, error) {
	s = strings.TrimSpace(s)
	if required && s == "" {
		return "", pushback.Errorf(pushback.EINVALID, "%s: required", what)
	}
	if n := utf8.RuneCountInString(s); n > max {
		return "", pushback.Errorf(pushback.EINVALID, "%s: %d characters, at most %d", what, n, max)
	}
	return s, nil
}

func checkCategory(what, c string, required bool) error {
	if c == "" && !required {
		return nil
	}
	if !pushback.Category(c).Valid() {
		return pushback.Errorf(pushback.EINVALID, "%s %q: expected incorrect_fact, unfounded_conclusion or forward_looking", what, c)
	}
	return nil
}

func checkKey(k MomentKey) (MomentKey, error) {
	if k.Turn < 0 {
		return k, pushback.Errorf(pushback.EINVALID, "turn %d: expected 0 or more", k.Turn)
	}
	q, err := checkText("quote", k.Quote, MaxQuoteRunes, true)
	k.Quote = q
	return k, err
}

// AddComment adds a comment to the thread on a moment of a call the scope
// may see.
func AddComment(ctx context.Context, h Handle, s Scope, nc NewComment) (Comment, error) {
	if err := mustSeeCall(ctx, h, s, nc.CallID); err != nil {
		return Comment{}, err
	}
	key, err := checkKey(nc.Moment)
	if err != nil {
		return Comment{}, err
	}
	body, err := checkText("comment", nc.Body, MaxCommentRunes, true)
	if err != nil {
		return Comment{}, err
	}
	var id int64
	err = h.QueryRowContext(ctx, `INSERT INTO moment_comments (call_id, turn, quote, author_id, body, created_at)
		VALUES (?, ?, ?, ?, ?, ?) RETURNING id`, nc.CallID, key.Turn, key.Quote, nc.AuthorID, body, now()).Scan(&id)
	if err != nil {
		return Comment{}, err
	}
	cs, err := listComments(ctx, h, `mc.id = ?`, id)
	if err != nil {
		return Comment{}, err
	}
	return cs[0], nil
}

// ListComments returns the comments on the moments of a call the scope may
// see, oldest first.
func ListComments(ctx context.Context, h Handle, s Scope, callID int64) ([]Comment, error) {
	if err := mustSeeCall(ctx, h, s, callID); err != nil {
		return nil, err
	}
	return listComments(ctx, h, `mc.call_id = ?`, callID)
}

func listComments(ctx context.Context, h Handle, where string, args ...any) ([]Comment, error) {
	rows, err := h.QueryContext(ctx, `SELECT mc.id, mc.call_id, mc.turn, mc.quote, mc.author_id, COALESCE(u.name, ''), COALESCE(u.role, ''), mc.body, mc.created_at
		FROM moment_comments mc LEFT JOIN users u ON u.id = mc.author_id
		WHERE `+where+` ORDER BY mc.created_at, mc.id`, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := []Comment{}
	for rows.Next() {
		var c Comment
		var author sql.NullInt64
		var role string
		if err := rows.Scan(&c.ID, &c.CallID, &c.Turn, &c.Quote, &author, &c.AuthorName, &role, &c.Body, timeScan{&c.CreatedAt}); err != nil {
			return nil, err
		}
		if author.Valid {
			c.AuthorID = &author.Int64
		}
		c.AuthorRole = Role(role)
		out = append(out, c)
	}
	return out, rows.Err()
}

// SaveReview records a verdict on a detected moment of a call the scope may
// see, replacing any earlier verdict on it. A wrong moment keeps no
// corrections.
func SaveReview(ctx context.Context, h Handle, s Scope, r MomentReview) (MomentReview, error) {
	if err := mustSeeCall(ctx, h, s, r.CallID); err != nil {
		return MomentReview{}, err
	}
	key, err := checkKey(r.MomentKey)
	if err != nil {
		return MomentReview{}, err
	}
	r.MomentKey = key
	if r.Verdict != VerdictRight && r.Verdict != VerdictWrong {
		return MomentReview{}, pushback.Errorf(pushback.EINVALID, "verdict %q: expected right or wrong", r.Verdict)
	}
	if err := checkCategory("category", r.Category, true); err != nil {
		return MomentReview{}, err
	}
	if r.CorrectedQuote, err = checkText("corrected quote", r.CorrectedQuote, MaxQuoteRunes, false); err != nil {
		return MomentReview{}, err
	}
	if r.Note, err = checkText("note", r.Note, MaxNoteRunes, false); err != nil {
		return MomentReview{}, err
	}
	if r.Verdict == VerdictWrong {
		r.CorrectedCategory, r.CorrectedQuote = "", ""
	}
	if r.CorrectedCategory == r.Category {
		r.CorrectedCategory = ""
	}
	if err := checkCategory("corrected category", r.CorrectedCategory, false); err != nil {
		return MomentReview{}, err
	}
	if r.CorrectedQuote == r.Quote {
		r.CorrectedQuote = ""
	}
	_, err = h.ExecContext(ctx, `INSERT INTO moment_reviews (call_id, turn, quote, category, verdict, corrected_category, corrected_quote, note, reviewer_id, updated_at)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
		ON CONFLICT (call_id, turn, quote) DO UPDATE SET category = excluded.category, verdict = excluded.verdict,
			corrected_category = excluded.corrected_category, corrected_quote = excluded.corrected_quote, note = excluded.note,
			reviewer_id = excluded.reviewer_id, updated_at = excluded.updated_at`,
		r.CallID, r.Turn, r.Quote, r.Category, r.Verdict, r.CorrectedCategory, r.CorrectedQuote, r.Note, r.ReviewerID, now())
	if err != nil {
		return MomentReview{}, err
	}
	rs, err := listReviews(ctx, h, `mr.call_id = ? AND mr.turn = ? AND mr.quote = ?`, r.CallID, r.Turn, r.Quote)
	if err != nil {
		return MomentReview{}, err
	}
	return rs[0], nil
}

// DeleteReview takes back the verdict on a moment.
func DeleteReview(ctx context.Context, h Handle, s Scope, callID int64, k MomentKey) error {
	if err := mustSeeCall(ctx, h, s, callID); err != nil {
		return err
	}
	res, err := h.ExecContext(ctx, `DELETE FROM moment_reviews WHERE call_id = ? AND turn = ? AND quote = ?`, callID, k.Turn, strings.TrimSpace(k.Quote))
	if err != nil {
		return err
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return pushback.Errorf(pushback.ENOTFOUND, "no review of that moment of call %d", callID)
	}
	return nil
}

// ListReviews returns the verdicts on the moments of a call the scope may
// see, in the order of the call.
func ListReviews(ctx context.Context, h Handle, s Scope, callID int64) ([]MomentReview, error) {
	if err := mustSeeCall(ctx, h, s, callID); err != nil {
		return nil, err
	}
	return listReviews(ctx, h, `mr.call_id = ?`, callID)
}

func listReviews(ctx context.Context, h Handle, where string, args ...any) ([]MomentReview, error) {
	rows, err := h.QueryContext(ctx, `SELECT mr.call_id, mr.turn, mr.quote, mr.category, mr.verdict, mr.corrected_category, mr.corrected_quote,
			mr.note, mr.reviewer_id, COALESCE(u.name, ''), mr.updated_at
		FROM moment_reviews mr LEFT JOIN users u ON u.id = mr.reviewer_id
		WHERE `+where+` ORDER BY mr.call_id, mr.turn, mr.id`, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := []MomentReview{}
	for rows.Next() {
		var r MomentReview
		var by sql.NullInt64
		if err := rows.Scan(&r.CallID, &r.Turn, &r.Quote, &r.Category, &r.Verdict, &r.CorrectedCategory, &r.CorrectedQuote,
			&r.Note, &by, &r.ReviewerName, timeScan{&r.UpdatedAt}); err != nil {
			return nil, err
		}
		if by.Valid {
			r.ReviewerID = &by.Int64
		}
		out = append(out, r)
	}
	return out, rows.Err()
}

// AddMoment records a moment the detector missed in a call the scope may
// see. The caller checks that the quote is in the turn.
func AddMoment(ctx context.Context, h Handle, s Scope, m AddedMoment) (AddedMoment, error) {
	if err := mustSeeCall(ctx, h, s, m.CallID); err != nil {
		return AddedMoment{}, err
	}
	key, err := checkKey(m.MomentKey)
	if err != nil {
		return AddedMoment{}, err
	}
	m.MomentKey = key
	if err := checkCategory("category", m.Category, true); err != nil {
		return AddedMoment{}, err
	}
	if m.Note, err = checkText("note", m.Note, MaxNoteRunes, false); err != nil {
		return AddedMoment{}, err
	}
	var id int64
	err = h.QueryRowContext(ctx, `INSERT INTO added_moments (call_id, turn, quote, category, note, created_by, created_at)
		VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT (call_id, turn, quote) DO NOTHING RETURNING id`,
		m.CallID, m.Turn, m.Quote, m.Category, m.Note, m.CreatedBy, now()).Scan(&id)
	if errors.Is(err, sql.ErrNoRows) {
		return AddedMoment{}, pushback.Errorf(pushback.ECONFLICT, "that moment is added already")
	}
	if err != nil {
		return AddedMoment{}, err
	}
	ms, err := listAddedMoments(ctx, h, `am.id = ?`, id)
	if err != nil {
		return AddedMoment{}, err
	}
	return ms[0], nil
}

// ListAddedMoments returns the moments reviewers added to a call the scope
// may see, in the order of the call.
func ListAddedMoments(ctx context.Context, h Handle, s Scope, callID int64) ([]AddedMoment, error) {
	if err := mustSeeCall(ctx, h, s, callID); err != nil {
		return nil, err
	}
	return listAddedMoments(ctx, h, `am.call_id = ?`, callID)
}

// DeleteAddedMoment removes a moment a reviewer added.
func DeleteAddedMoment(ctx context.Context, h Handle, s Scope, callID, id int64) error {
	if err := mustSeeCall(ctx, h, s, callID); err != nil {
		return err
	}
	res, err := h.ExecContext(ctx, `DELETE FROM added_moments WHERE id = ? AND call_id = ?`, id, callID)
	if err != nil {
		return err
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return pushback.Errorf(pushback.ENOTFOUND, "no added moment %d in call %d", id, callID)
	}
	return nil
}

func listAddedMoments(ctx context.Context, h Handle, where string, args ...any) ([]AddedMoment, error) {
	rows, err := h.QueryContext(ctx, `SELECT am.id, am.call_id, am.turn, am.quote, am.category, am.note, am.created_by, COALESCE(u.name, ''), am.created_at
		FROM added_moments am LEFT JOIN users u ON u.id = am.created_by
		WHERE `+where+` ORDER BY am.call_id, am.turn, am.id`, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := []AddedMoment{}
	for rows.Next() {
		var m AddedMoment
		var by sql.NullInt64
		if err := rows.Scan(&m.ID, &m.CallID, &m.Turn, &m.Quote, &m.Category, &m.Note, &by, &m.CreatedByName, timeScan{&m.CreatedAt}); err != nil {
			return nil, err
		}
		if by.Valid {
			m.CreatedBy = &by.Int64
		}
		out = append(out, m)
	}
	return out, rows.Err()
}

// ReviewedCalls returns the ids of the calls the scope may see that have a
// verdict on a moment or an added moment, oldest first.
func ReviewedCalls(ctx context.Context, h Handle, s Scope) ([]int64, error) {
	cond, args := s.callVisible()
	return queryIDs(ctx, h, `SELECT c.id FROM calls c WHERE `+cond+` AND (
			EXISTS (SELECT 1 FROM moment_reviews mr WHERE mr.call_id = c.id) OR
			EXISTS (SELECT 1 FROM added_moments am WHERE am.call_id = c.id))
		ORDER BY c.occurred_at, c.id`, args...)
}

// StoredTranscript is a call's transcript as it was received, with what
// parsing it needs.
type StoredTranscript struct {
	CallID    int64
	Source    string   // the file name given at upload
	Format    string   // the format id it was read as
	RepsGiven []string // the seller-side names given at upload
	Data      []byte   // the file (the call's JSON for a finished live session)
}

// GetTranscript returns the transcript of a call the scope may see.
func GetTranscript(ctx context.Context, h Handle, s Scope, callID int64) (StoredTranscript, error) {
	cond, args := s.callVisible()
	t := StoredTranscript{CallID: callID}
	var given string
	err := h.QueryRowContext(ctx, `SELECT c.source, c.format, c.reps_given, c.transcript FROM calls c WHERE c.id = ? AND `+cond,
		append([]any{callID}, args...)...).Scan(&t.Source, &t.Format, &given, &t.Data)
	if err != nil {
		return StoredTranscript{}, notFound(err, "no call %d", callID)
	}
	if err := json.Unmarshal([]byte(given), &t.RepsGiven); err != nil {
		t.RepsGiven = nil
	}
	return t, nil
}

// GetAnalyses returns the stored analyses of those of the calls the scope
// may see that have one, by call id. Ids it may not see are left out.
func GetAnalyses(ctx context.Context, h Handle, s Scope, ids []int64) (map[int64]json.RawMessage, error) {
	out := map[int64]json.RawMessage{}
	const batch = 200
	for start := 0; start < len(ids); start += batch {
		chunk := ids[start:min(start+batch, len(ids))]
		cond, cargs := s.callVisible()
		args := make([]any, 0, len(chunk)+len(cargs))
		for _, id := range chunk {
			args = append(args, id)
		}
		args = append(args, cargs...)
		rows, err := h.QueryContext(ctx, `SELECT c.id, c.analysis_json FROM calls c
			WHERE c.id IN (`+placeholders(len(chunk))+`) AND c.analysis_json IS NOT NULL AND `+cond, args...)
		if err != nil {
			return nil, err
		}
		for rows.Next() {
			var id int64
			var doc string
			if err := rows.Scan(&id, &doc); err != nil {
				rows.Close()
				return nil, err
			}
			out[id] = json.RawMessage(doc)
		}
		err = rows.Err()
		rows.Close()
		if err != nil {
			return nil, err
		}
	}
	return out, nil
}
