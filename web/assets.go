package web

import (
	"crypto/sha256"
	"embed"
	"encoding/hex"
	"fmt"
	"io/fs"
	"mime"
	"net/http"
	"path"
	"strconv"
	"strings"
)

//go:embed static
var staticFS embed.FS

// assets are the embedded static files under content-hashed names: a
// file's URL changes exactly when its content does, so browsers may keep
// it for a year.
type assets struct {
	byName   map[string]string // app.css -> app.3f9a1c2b.css
	byHashed map[string]asset
}

type asset struct {
	body        []byte
	contentType string
	etag        string
}

func loadAssets() (*assets, error) {
	as := &assets{byName: map[string]string{}, byHashed: map[string]asset{}}
	err := fs.WalkDir(staticFS, "static", func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		b, err := staticFS.ReadFile(p)
		if err != nil {
			return err
		}
		name := strings.TrimPrefix(p, "static/")
		sum := sha256.Sum256(b)
		hash := hex.EncodeToString(sum[:])[:10]
		ext := path.Ext(name)
		hashed := strings.TrimSuffix(name, ext) + "." + hash + ext
		ct := mime.TypeByExtension(ext)
		if ct == "" {
			ct = "application/octet-stream"
		}
		as.byName[name] = hashed
		as.byHashed[hashed] = asset{body: b, contentType: ct, etag: `"` + hash + `"`}
		return nil
	})
	return as, err
}

// url returns the hashed URL of a static file; templates call it as asset.
func (as *assets) url(name string) (string, error) {
	h, ok := as.byName[name]
	if !ok {
		return "", fmt.Errorf("no static file %q", name)
	}
	return "/static/" + h, nil
}

// serve serves a static file by its hashed name, cached for a year.
func (as *assets) serve(w http.ResponseWriter, r *http.Request) {
	f, ok := as.byHashed[r.PathValue("name")]
	if !ok {
		http.NotFound(w, r)
		return
	}
	h := w.Header()
	h.Set("Content-Type", f.contentType)
	h.Set("Cache-Control", "public, max-age=31536000, immutable")
	h.Set("ETag", f.etag)
	if r.Header.Get("If-None-Match") == f.etag {
		w.WriteHeader(http.StatusNotModified)
		return
	}
	h.Set("Content-Length", strconv.Itoa(len(f.body)))
	if r.Method == http.MethodHead {
		return
	}
	_, _ = w.Write(f.body)
}
