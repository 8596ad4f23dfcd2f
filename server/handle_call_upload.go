package server

import (
	"errors"
	"fmt"
	"io"
	"mime/multipart"
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"github.com/pushback-coach/pushback"
	"github.com/pushback-coach/pushback/auth"
	"github.com/pushback-coach/pushback/ingest"
)

// handleCallUpload stores a transcript and queues its analysis. The
// transcript comes as the multipart field "file" (a browser form or curl -F)
// or as the raw body (a recorder's webhook), the other fields as form
// fields or in the query string.
func (s *Server) handleCallUpload(w http.ResponseWriter, r *http.Request) error {
	var u ingest.Upload
	fields := r.URL.Query()
	if strings.HasPrefix(r.Header.Get("Content-Type"), "multipart/form-data") {
		if err := r.ParseMultipartForm(auth.MultipartMemory); err != nil {
			return formError(err)
		}
		defer r.MultipartForm.RemoveAll()
		for k, v := range r.MultipartForm.Value {
			fields[k] = append(v, fields[k]...)
		}
		fh := firstFile(r.MultipartForm, "file", "transcript")
		if fh == nil {
			return pushback.Errorf(pushback.EINVALID, "multipart upload: expected the transcript in a field named file")
		}
		f, err := fh.Open()
		if err != nil {
			return err
		}
		defer f.Close()
		u.Body, u.Name = f, fh.Filename
	} else {
		u.Body, u.Name = r.Body, fields.Get("name")
	}
	if err := uploadFields(&u, fields); err != nil {
		return err
	}
	c, err := s.Ingest.Ingest(r.Context(), principal(r).Scope(), u)
	if err != nil {
		return err
	}
	w.Header().Set("Location", fmt.Sprintf("/api/v1/calls/%d", c.ID))
	writeJSON(w, http.StatusAccepted, c)
	return nil
}

func firstFile(f *multipart.Form, names ...string) *multipart.FileHeader {
	for _, n := range names {
		if fhs := f.File[n]; len(fhs) > 0 {
			return fhs[0]
		}
	}
	return nil
}

func uploadFields(u *ingest.Upload, v url.Values) error {
	for _, rep := range v["rep"] {
		for _, name := range strings.Split(rep, ",") {
			if name = strings.TrimSpace(name); name != "" {
				u.Reps = append(u.Reps, name)
			}
		}
	}
	u.Title = strings.TrimSpace(v.Get("title"))
	u.Account = strings.TrimSpace(v.Get("account"))
	u.Deal = strings.TrimSpace(v.Get("deal"))
	u.Format = strings.TrimSpace(v.Get("format"))
	if d := strings.TrimSpace(v.Get("date")); d != "" {
		t, err := parseTime(d)
		if err != nil {
			return pushback.Errorf(pushback.EINVALID, "date %q: %v", d, err)
		}
		u.Date = t
	}
	if t := strings.TrimSpace(v.Get("team")); t != "" {
		id, err := strconv.ParseInt(t, 10, 64)
		if err != nil || id <= 0 {
			return pushback.Errorf(pushback.EINVALID, "team %q: expected a team id", t)
		}
		u.TeamID = &id
	}
	if u.Name == "" {
		u.Name = "upload"
	}
	return nil
}

// formError says why a multipart form could not be read.
func formError(err error) error {
	var mbe *http.MaxBytesError
	if errors.As(err, &mbe) || errors.Is(err, multipart.ErrMessageTooLarge) {
		return pushback.Errorf(pushback.ETOOLARGE, "upload larger than the size limit")
	}
	if errors.Is(err, io.ErrUnexpectedEOF) {
		return pushback.Errorf(pushback.EINVALID, "multipart upload: the body ended early")
	}
	return pushback.Errorf(pushback.EINVALID, "multipart upload: %v", err)
}
