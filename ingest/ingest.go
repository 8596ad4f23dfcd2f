// Package ingest turns transcripts into stored, analysed calls. It is what
// the server's upload endpoint, `pushback import`, `pushback reanalyze` and
// the job workers share: read and parse the bytes, check who may store a
// call for which reps, store the call with its analysis job in one
// transaction, and, when the job runs, analyse the call with the current
// playbook and save the analysis.
package ingest

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"strings"
	"sync"
	"time"

	"github.com/pushback-coach/pushback"
	"github.com/pushback-coach/pushback/engine"
	"github.com/pushback-coach/pushback/playbook"
	"github.com/pushback-coach/pushback/queue"
	"github.com/pushback-coach/pushback/store"
	"github.com/pushback-coach/pushback/transcript"
)

// ActivePlaybook is the name of the stored playbook analyses use; without
// one, the embedded default playbook is used.
const ActivePlaybook = "default"

// DefaultMaxBytes is the largest transcript accepted unless configured.
const DefaultMaxBytes = 32 << 20

// Service ingests and analyses calls.
type Service struct {
	DB       *store.DB
	Queue    queue.Queue
	Logger   *slog.Logger
	MaxBytes int64 // largest transcript; 0: DefaultMaxBytes

	mu      sync.Mutex
	engines map[string]*engine.Engine // by playbook version
}

// New returns a service on the database and queue.
func New(db *store.DB, q queue.Queue, logger *slog.Logger) *Service {
	if logger == nil {
		logger = slog.Default()
	}
	return &Service{DB: db, Queue: q, Logger: logger, engines: map[string]*engine.Engine{}}
}

// Upload is a transcript to store, with what the uploader says about it.
type Upload struct {
	Body    io.Reader
	Name    string   // file name: names the source and hints at the format
	Format  string   // a format id to force; "" detects it
	Reps    []string // seller-side speaker names; none: guessed
	Title   string
	Date    time.Time
	Account string
	Deal    string
	TeamID  *int64 // the team of reps seen for the first time
}

// Read reads the upload's bytes, failing with a too-large error past the limit.
func (s *Service) Read(u Upload) ([]byte, error) {
	limit := s.maxBytes()
	b, err := io.ReadAll(io.LimitReader(u.Body, limit+1))
	if err != nil {
		var mbe *http.MaxBytesError
		if errors.As(err, &mbe) {
			return nil, pushback.Errorf(pushback.ETOOLARGE, "%s: transcript larger than the %d byte limit", name(u), limit)
		}
		return nil, fmt.Errorf("%s: read: %w", name(u), err)
	}
	if int64(len(b)) > limit {
		return nil, pushback.Errorf(pushback.ETOOLARGE, "%s: transcript larger than the %d byte limit", name(u), limit)
	}
	return b, nil
}

func (s *Service) maxBytes() int64 {
	if s.MaxBytes > 0 {
		return s.MaxBytes
	}
	return DefaultMaxBytes
}

func name(u Upload) string {
	if u.Name == "" {
		return "upload"
	}
	return u.Name
}

// Ingest stores a transcript for the uploader and enqueues its analysis. It
// returns the stored call (status queued), a *store.DuplicateError when the
// same transcript is stored already, an invalid-input error naming the
// file and line when it cannot be parsed, or a forbidden error when the
// uploader may not store calls for those reps.
func (s *Service) Ingest(ctx context.Context, who store.Scope, u Upload) (store.Call, error) {
	data, err := s.Read(u)
	if err != nil {
		return store.Call{}, err
	}
	return s.IngestBytes(ctx, who, u, data)
}

// IngestBytes is Ingest for a transcript already read.
func (s *Service) IngestBytes(ctx context.Context, who store.Scope, u Upload, data []byte) (store.Call, error) {
	if int64(len(data)) > s.maxBytes() {
		return store.Call{}, pushback.Errorf(pushback.ETOOLARGE, "%s: transcript larger than the %d byte limit", name(u), s.maxBytes())
	}
	if id, err := store.FindCallByHash(ctx, s.DB, store.ContentHash(data)); err != nil {
		return store.Call{}, err
	} else if id != 0 {
		return store.Call{}, &store.DuplicateError{CallID: id}
	}
	reps, err := s.repsFor(ctx, who, u.Reps)
	if err != nil {
		return store.Call{}, err
	}
	call, err := transcript.Parse(bytes.NewReader(data), transcript.Options{Name: u.Name, Format: u.Format, Reps: reps, MaxBytes: s.maxBytes() + 1})
	if err != nil {
		return store.Call{}, err
	}
	teamID, err := s.teamFor(ctx, who, call, u.TeamID)
	if err != nil {
		return store.Call{}, err
	}
	var c store.Call
	err = s.DB.Tx(ctx, func(tx *store.Tx) error {
		var err error
		var uploader *int64
		if who.UserID != 0 {
			uploader = &who.UserID
		}
		c, err = store.CreateCall(ctx, tx, store.NewCall{Title: u.Title, Date: u.Date, Account: u.Account, Deal: u.Deal,
			Transcript: data, Call: call, RepsGiven: reps, TeamID: teamID, UploadedBy: uploader})
		if err != nil {
			return err
		}
		return s.Queue.Enqueue(ctx, tx, queue.Job{CallID: c.ID, Generation: c.Generation})
	})
	return c, err
}

// StoreAnalysed stores a call analysed already, such as a finished live
// session, for the uploader under the same rules as Ingest (a rep stores
// only calls where they are the seller side; a manager only their teams'
// reps). The call is stored done, with no job. u.Body is not read; the
// stored transcript is the call's JSON.
func (s *Service) StoreAnalysed(ctx context.Context, who store.Scope, u Upload, call *pushback.Call, a *pushback.Analysis) (store.Call, error) {
	if who.Role == store.RoleRep {
		own, err := s.repsFor(ctx, who, nil)
		if err != nil {
			return store.Call{}, err
		}
		for _, name := range call.SpeakersIn(pushback.RoleRep) {
			if store.RepKey(name) != store.RepKey(own[0]) {
				return store.Call{}, pushback.Errorf(pushback.EFORBIDDEN, "reps may store only their own calls: %q is not you (%s)", name, own[0])
			}
		}
	}
	teamID, err := s.teamFor(ctx, who, call, u.TeamID)
	if err != nil {
		return store.Call{}, err
	}
	var uploader *int64
	if who.UserID != 0 {
		uploader = &who.UserID
	}
	var c store.Call
	err = s.DB.Tx(ctx, func(tx *store.Tx) error {
		var err error
		c, err = store.CreateCall(ctx, tx, store.NewCall{Title: u.Title, Date: u.Date, Account: u.Account, Deal: u.Deal,
			Call: call, RepsGiven: u.Reps, TeamID: teamID, UploadedBy: uploader, Analysis: a})
		return err
	})
	return c, err
}

// repsFor checks the seller-side names: a rep may only store their own
// calls, so their name is the one used.
func (s *Service) repsFor(ctx context.Context, who store.Scope, given []string) ([]string, error) {
	var reps []string
	for _, r := range given {
		if r = strings.TrimSpace(r); r != "" {
			reps = append(reps, r)
		}
	}
	if who.Role != store.RoleRep {
		return reps, nil
	}
	u, err := store.GetUser(ctx, s.DB, who.UserID)
	if err != nil {
		return nil, err
	}
	if u.RepID == nil {
		return nil, pushback.Errorf(pushback.EFORBIDDEN, "user %q has no rep record to store calls under", u.Username)
	}
	own, err := store.GetRep(ctx, s.DB, who, *u.RepID)
	if err != nil {
		return nil, err
	}
	for _, r := range reps {
		if store.RepKey(r) != store.RepKey(own.Name) {
			return nil, pushback.Errorf(pushback.EFORBIDDEN, "reps may store only their own calls: rep %q is not you (%s)", r, own.Name)
		}
	}
	return []string{own.Name}, nil
}

// teamFor checks that the uploader may store a call for its seller-side
// speakers and says which team new reps join: a manager's calls must be
// of their teams' reps, and new reps join the given team or the manager's first.
func (s *Service) teamFor(ctx context.Context, who store.Scope, call *pushback.Call, given *int64) (*int64, error) {
	switch who.Role {
	case store.RoleAdmin:
		if given != nil {
			if _, err := store.GetTeam(ctx, s.DB, store.All, *given); err != nil {
				return nil, err
			}
		}
		return given, nil
	case store.RoleRep:
		return nil, nil
	}
	u, err := store.GetUser(ctx, s.DB, who.UserID)
	if err != nil {
		return nil, err
	}
	managed := map[int64]bool{}
	for _, t := range u.TeamIDs {
		managed[t] = true
	}
	team := given
	if team == nil && len(u.TeamIDs) > 0 {
		team = &u.TeamIDs[0]
	}
	if team == nil || !managed[*team] {
		return nil, pushback.Errorf(pushback.EFORBIDDEN, "managers store calls for the teams they manage: name one of yours with team")
	}
	for _, name := range call.SpeakersIn(pushback.RoleRep) {
		rep, err := store.FindRep(ctx, s.DB, name)
		if pushback.ErrorCode(err) == pushback.ENOTFOUND {
			continue // joins the team
		}
		if err != nil {
			return nil, err
		}
		if rep.TeamID == nil || !managed[*rep.TeamID] {
			return nil, pushback.Errorf(pushback.EFORBIDDEN, "rep %q is not in a team you manage", rep.Name)
		}
	}
	return team, nil
}

// Start works the queue's jobs in this process. A queue that is not durable
// is first refilled with the calls still waiting for analysis.
func (s *Service) Start(ctx context.Context) error {
	if err := s.Queue.Start(ctx, s.Analyze); err != nil {
		return err
	}
	if s.Queue.Durable() {
		return nil
	}
	return s.EnqueuePending(ctx)
}

// EnqueuePending enqueues a job for every queued call (for a queue that is
// not durable: a process died with jobs in memory).
func (s *Service) EnqueuePending(ctx context.Context) error {
	pending, err := store.PendingCalls(ctx, s.DB)
	if err != nil {
		return err
	}
	jobs := make([]queue.Job, len(pending))
	for i, p := range pending {
		jobs[i] = queue.Job{CallID: p.CallID, Generation: p.Generation}
	}
	if len(jobs) > 0 {
		s.Logger.Info("resuming analyses", "calls", len(jobs))
	}
	return s.Queue.Enqueue(ctx, nil, jobs...)
}

// Analyze is the job handler: it analyses the call with the current
// playbook and saves the analysis. Jobs for deleted calls or for an older
// generation do nothing.
func (s *Service) Analyze(ctx context.Context, job queue.Job) error {
	err := s.analyze(ctx, job)
	if err != nil && job.LastAttempt && ctx.Err() == nil {
		s.Logger.Error("analysis failed; giving up", "call", job.CallID, "attempts", job.Attempt, "err", err)
		return store.MarkFailed(ctx, s.DB, job.CallID, job.Generation, "analysis failed after "+fmt.Sprint(job.Attempt)+" attempts: "+err.Error())
	}
	return err
}

func (s *Service) analyze(ctx context.Context, job queue.Job) error {
	in, err := store.GetCallInput(ctx, s.DB, job.CallID)
	if pushback.ErrorCode(err) == pushback.ENOTFOUND {
		return nil
	}
	if err != nil {
		return err
	}
	if in.Generation != job.Generation || in.Status != store.StatusQueued {
		return nil
	}
	eng, err := s.Engine(ctx)
	if err != nil {
		return err
	}
	start := time.Now()
	a, err := analyze(eng, in.Call)
	if err != nil {
		s.Logger.Error("analysis failed", "call", job.CallID, "err", err)
		return store.MarkFailed(ctx, s.DB, job.CallID, job.Generation, err.Error())
	}
	var saved bool
	err = s.DB.Tx(ctx, func(tx *store.Tx) error {
		saved, err = store.SaveAnalysis(ctx, tx, job.CallID, job.Generation, a)
		return err
	})
	if err != nil {
		return err
	}
	if saved {
		s.Logger.Debug("analysed", "call", job.CallID, "moments", len(a.Moments), "took", time.Since(start))
	}
	return nil
}

// analyze runs the engine, turning a panic into an error so one bad call
// is marked failed instead of retried forever.
func analyze(eng *engine.Engine, call *pushback.Call) (a *pushback.Analysis, err error) {
	defer func() {
		if p := recover(); p != nil {
			err = fmt.Errorf("the analysis crashed: %v", p)
		}
	}()
	return eng.Analyze(call), nil
}

// Playbook returns the playbook analyses use now: the stored active one, or
// the embedded default.
func (s *Service) Playbook(ctx context.Context) (*pushback.Playbook, error) {
	sp, err := store.GetPlaybook(ctx, s.DB, ActivePlaybook)
	if pushback.ErrorCode(err) == pushback.ENOTFOUND {
		return playbook.Default()
	}
	if err != nil {
		return nil, err
	}
	return playbook.Parse(sp.Name+".yaml", []byte(sp.YAML))
}

// Engine returns an engine for the current playbook, reusing the last one
// built for the same playbook version.
func (s *Service) Engine(ctx context.Context) (*engine.Engine, error) {
	pb, err := s.Playbook(ctx)
	if err != nil {
		return nil, err
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if e, ok := s.engines[pb.Version]; ok {
		return e, nil
	}
	e, err := engine.New(pb)
	if err != nil {
		return nil, err
	}
	if s.engines == nil || len(s.engines) > 4 {
		s.engines = map[string]*engine.Engine{}
	}
	s.engines[pb.Version] = e
	return e, nil
}

// Reanalyze queues new analyses of the calls.
func (s *Service) Reanalyze(ctx context.Context, ids []int64) (int, error) {
	const batch = 200
	n := 0
	for start := 0; start < len(ids); start += batch {
		chunk := ids[start:min(start+batch, len(ids))]
		err := s.DB.Tx(ctx, func(tx *store.Tx) error {
			pending, err := store.Requeue(ctx, tx, chunk)
			if err != nil {
				return err
			}
			jobs := make([]queue.Job, len(pending))
			for i, p := range pending {
				jobs[i] = queue.Job{CallID: p.CallID, Generation: p.Generation}
			}
			return s.Queue.Enqueue(ctx, tx, jobs...)
		})
		if err != nil {
			return n, err
		}
		n += len(chunk)
	}
	return n, nil
}

// StaleCalls returns the calls whose analysis failed or used another
// playbook or model version than the current ones.
func (s *Service) StaleCalls(ctx context.Context) ([]int64, error) {
	pb, err := s.Playbook(ctx)
	if err != nil {
		return nil, err
	}
	return store.StaleCalls(ctx, s.DB, pb.Version, engine.ModelVersion)
}
