package web

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"mime/multipart"
	"net/http"
	"path/filepath"
	"strconv"
	"strings"
	"time"

	"github.com/pushback-coach/pushback"
	"github.com/pushback-coach/pushback/auth"
	"github.com/pushback-coach/pushback/ingest"
	"github.com/pushback-coach/pushback/roles"
	"github.com/pushback-coach/pushback/server"
	"github.com/pushback-coach/pushback/store"
	"github.com/pushback-coach/pushback/transcript"
)

// uploadPage is the upload form and, after a post without JavaScript, what
// became of each file.
type uploadPage struct {
	Reps      []store.RepSummary // who the uploader may name
	Teams     []store.Team       // where new reps go (managers and admins)
	OwnRep    string             // a rep uploads their own calls
	Results   []uploadResult
	Error     string
	MaxUpload string
}

// uploadResult is what became of one uploaded file.
type uploadResult struct {
	File   string `json:"file"`
	CallID int64  `json:"call_id,omitempty"`
	URL    string `json:"url,omitempty"`
	Status string `json:"status"` // queued, duplicate or error
	Error  string `json:"error,omitempty"`
}

func (a *App) uploadPage(r *http.Request, p *auth.Principal) (uploadPage, error) {
	ctx := r.Context()
	scope := scopeOf(p)
	page := uploadPage{MaxUpload: humanSize(a.svc.MaxBytes)}
	if p.User.Role == store.RoleRep {
		if p.User.RepID != nil {
			rep, err := store.GetRep(ctx, a.db, scope, *p.User.RepID)
			if err != nil {
				return page, err
			}
			page.OwnRep = rep.Name
		}
		return page, nil
	}
	var err error
	if page.Reps, err = store.ListReps(ctx, a.db, scope, nil); err != nil {
		return page, err
	}
	page.Teams, err = store.ListTeams(ctx, a.db, scope)
	return page, err
}

func (a *App) handleUploadForm(w http.ResponseWriter, r *http.Request, p *auth.Principal) error {
	page, err := a.uploadPage(r, p)
	if err != nil {
		return err
	}
	a.render(w, r, http.StatusOK, "upload", view{Title: "Upload calls", Nav: "upload", Scripts: []string{"upload.js"}, D: page})
	return nil
}

// handleUpload stores the uploaded transcripts (the field file, once or
// several times) and queues their analyses. The upload script sends one
// file a request and asks for JSON, to show each file's progress; a plain
// form post gets the page back with a line per file.
func (a *App) handleUpload(w http.ResponseWriter, r *http.Request, p *auth.Principal) error {
	wantJSON := strings.Contains(r.Header.Get("Accept"), "application/json")
	if err := r.ParseMultipartForm(auth.MultipartMemory); err != nil {
		err = uploadFormError(err)
		if wantJSON {
			return writeUploadJSON(w, server.StatusOf(pushback.ErrorCode(err)), []uploadResult{{Status: "error", Error: pushback.ErrorMessage(err)}})
		}
		return err
	}
	defer r.MultipartForm.RemoveAll()
	form := r.MultipartForm
	up, fieldErr := uploadFields(form.Value)
	files := form.File["file"]
	page, err := a.uploadPage(r, p)
	if err != nil {
		return err
	}
	switch {
	case fieldErr != nil:
		page.Error = pushback.ErrorMessage(fieldErr)
	case len(files) == 0:
		page.Error = "Choose at least one transcript file (.vtt, .srt, .txt or .json)."
	}
	if page.Error != "" {
		if wantJSON {
			return writeUploadJSON(w, http.StatusBadRequest, []uploadResult{{Status: "error", Error: page.Error}})
		}
		a.render(w, r, http.StatusBadRequest, "upload", view{Title: "Upload calls", Nav: "upload", Scripts: []string{"upload.js"}, D: page})
		return nil
	}
	scope := scopeOf(p)
	status := http.StatusOK
	for _, fh := range files {
		res := a.ingestFile(r, scope, up, fh)
		if res.Status == "error" {
			status = http.StatusBadRequest
		}
		page.Results = append(page.Results, res)
	}
	if wantJSON {
		return writeUploadJSON(w, status, page.Results)
	}
	a.render(w, r, status, "upload", view{Title: "Upload calls", Nav: "upload", Scripts: []string{"upload.js"}, D: page})
	return nil
}

func (a *App) ingestFile(r *http.Request, scope store.Scope, up ingest.Upload, fh *multipart.FileHeader) uploadResult {
	res := uploadResult{File: fh.Filename}
	f, err := fh.Open()
	if err != nil {
		res.Status, res.Error = "error", "could not read the file"
		return res
	}
	defer f.Close()
	up.Name = fh.Filename
	up.Title = strings.TrimSuffix(fh.Filename, filepath.Ext(fh.Filename))
	data, err := a.svc.Read(ingest.Upload{Body: f, Name: fh.Filename})
	var c store.Call
	if err == nil {
		up.Reps = repsIn(data, up)
		c, err = a.svc.IngestBytes(r.Context(), scope, up, data)
	}
	var dup *store.DuplicateError
	switch {
	case errors.As(err, &dup):
		res.Status, res.CallID = "duplicate", dup.CallID
		res.URL = fmt.Sprintf("/calls/%d", dup.CallID)
		res.Error = "stored already"
	case err != nil && pushback.ErrorCode(err) == pushback.EINTERNAL:
		a.log.Error("web: upload failed", "file", fh.Filename, "err", err)
		res.Status, res.Error = "error", "the server could not store it"
	case err != nil:
		res.Status, res.Error = "error", pushback.ErrorMessage(err)
	default:
		res.Status, res.CallID, res.URL = c.Status, c.ID, fmt.Sprintf("/calls/%d", c.ID)
	}
	return res
}

// repsIn keeps, of the rep names given for several files at once, those
// who speak in this file: Dana's name must not fail the upload of Omar's
// call. With none of them in the file, all are kept, and the error names
// the speakers there are.
func repsIn(data []byte, up ingest.Upload) []string {
	if len(up.Reps) < 2 {
		return up.Reps
	}
	call, err := transcript.Parse(bytes.NewReader(data), transcript.Options{Name: up.Name, Format: up.Format, MaxBytes: -1})
	if err != nil {
		return up.Reps // the upload reports the parse error
	}
	var kept []string
	for _, r := range up.Reps {
		if len(roles.Match(call, r)) > 0 {
			kept = append(kept, r)
		}
	}
	if len(kept) == 0 {
		return up.Reps
	}
	return kept
}

// uploadFields reads the form fields shared by every file of an upload:
// the reps (chosen and typed), the team of new reps, the date and account.
func uploadFields(v map[string][]string) (ingest.Upload, error) {
	var u ingest.Upload
	seen := map[string]bool{}
	for _, field := range []string{"rep", "rep_names"} {
		for _, val := range v[field] {
			for _, name := range strings.Split(val, ",") {
				name = strings.TrimSpace(name)
				if name != "" && !seen[store.RepKey(name)] {
					seen[store.RepKey(name)] = true
					u.Reps = append(u.Reps, name)
				}
			}
		}
	}
	get := func(k string) string {
		if vs := v[k]; len(vs) > 0 {
			return strings.TrimSpace(vs[0])
		}
		return ""
	}
	u.Account = get("account")
	if d := get("date"); d != "" {
		t, err := parseDate(d)
		if err != nil {
			return u, pushback.Errorf(pushback.EINVALID, "Date: expected a date such as 2025-03-01")
		}
		u.Date = t.Add(12 * time.Hour) // midday, so the day reads the same in every time zone near UTC
	}
	if t := get("team"); t != "" {
		id, err := strconv.ParseInt(t, 10, 64)
		if err != nil || id <= 0 {
			return u, pushback.Errorf(pushback.EINVALID, "Team: choose one from the list")
		}
		u.TeamID = &id
	}
	return u, nil
}

func uploadFormError(err error) error {
	var mbe *http.MaxBytesError
	if errors.As(err, &mbe) || errors.Is(err, multipart.ErrMessageTooLarge) {
		return pushback.Errorf(pushback.ETOOLARGE, "the upload is larger than the size limit: send fewer or smaller files at once")
	}
	if errors.Is(err, http.ErrNotMultipart) {
		return pushback.Errorf(pushback.EINVALID, "expected a file upload form (multipart/form-data)")
	}
	return pushback.Errorf(pushback.EINVALID, "the upload could not be read: %v", err)
}

func writeUploadJSON(w http.ResponseWriter, status int, results []uploadResult) error {
	b, err := json.Marshal(map[string]any{"results": results})
	if err != nil {
		return err
	}
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.WriteHeader(status)
	_, err = w.Write(b)
	return err
}

// humanSize formats a byte count as people read it ("32 MiB").
func humanSize(n int64) string {
	if n <= 0 {
		n = ingest.DefaultMaxBytes
	}
	switch {
	case n >= 1<<20 && n%(1<<20) == 0:
		return fmt.Sprintf("%d MiB", n>>20)
	case n >= 1<<10:
		return fmt.Sprintf("%.0f KiB", float64(n)/1024)
	}
	return fmt.Sprintf("%d bytes", n)
}
