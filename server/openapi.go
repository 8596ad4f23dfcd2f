package server

import (
	_ "embed"
	"encoding/json"
	"net/http"
	"regexp"
	"strconv"
	"strings"
	"sync"
)

// openapiSchemas holds the component schemas; the paths are built from the
// route table.
//
//go:embed openapi_schemas.json
var openapiSchemas []byte

var (
	openapiOnce sync.Once
	openapiDoc  []byte
	openapiErr  error
)

// OpenAPI returns the OpenAPI 3.1 document of the API.
func OpenAPI() ([]byte, error) {
	openapiOnce.Do(func() { openapiDoc, openapiErr = buildOpenAPI() })
	return openapiDoc, openapiErr
}

func (s *Server) handleOpenAPI(w http.ResponseWriter, r *http.Request) error {
	doc, err := OpenAPI()
	if err != nil {
		return err
	}
	w.Header().Set("Content-Type", "application/json")
	w.Header().Set("Cache-Control", "public, max-age=300")
	_, err = w.Write(doc)
	return err
}

type obj = map[string]any

// pathParam is compiled on first use, not at every start of the command line.
var pathParam = sync.OnceValue(func() *regexp.Regexp { return regexp.MustCompile(`\{([a-z_]+)\}`) })

func buildOpenAPI() ([]byte, error) {
	var schemas obj
	if err := json.Unmarshal(openapiSchemas, &schemas); err != nil {
		return nil, err
	}
	ref := func(name string) obj { return obj{"$ref": "#/components/schemas/" + name} }
	errorResponse := func(desc string) obj {
		return obj{"description": desc, "content": obj{"application/json": obj{"schema": ref("Error")}}}
	}
	paths := obj{}
	for _, rt := range routes() {
		item, _ := paths[rt.path].(obj)
		if item == nil {
			item = obj{}
			paths[rt.path] = item
		}
		o := obj{"summary": rt.doc.summary, "tags": []string{rt.doc.tag},
			"operationId": operationID(rt)}
		var params []obj
		for _, m := range pathParam().FindAllStringSubmatch(rt.path, -1) {
			typ := "integer"
			if m[1] == "name" {
				typ = "string"
			}
			params = append(params, obj{"name": m[1], "in": "path", "required": true, "schema": obj{"type": typ}})
		}
		for _, p := range rt.doc.params {
			schema := obj{"type": p.typ}
			if p.name == "rep" && rt.method == "POST" {
				schema = obj{"type": "array", "items": obj{"type": "string"}}
			}
			params = append(params, obj{"name": p.name, "in": "query", "description": p.desc, "schema": schema})
		}
		if len(params) > 0 {
			o["parameters"] = params
		}
		switch rt.doc.body {
		case "":
		case "Upload":
			o["requestBody"] = obj{"required": true, "content": obj{
				"multipart/form-data":      obj{"schema": ref("Upload")},
				"application/octet-stream": obj{"schema": obj{"type": "string", "format": "binary", "description": "the transcript file as the body; fields in the query string"}},
			}}
		case "PlaybookYAML":
			o["requestBody"] = obj{"required": true, "content": obj{
				"application/yaml": obj{"schema": obj{"type": "string", "description": "playbook YAML (see pushback playbook init)"}},
				"application/json": obj{"schema": ref("PlaybookYAML")},
			}}
		default:
			o["requestBody"] = obj{"required": true, "content": obj{"application/json": obj{"schema": ref(rt.doc.body)}}}
		}
		ok := obj{"description": http.StatusText(rt.doc.status)}
		if rt.doc.response != "" {
			ok["content"] = obj{"application/json": obj{"schema": ref(rt.doc.response)}}
		}
		responses := obj{strconv.Itoa(rt.doc.status): ok, "default": errorResponse("an error: the code says which (invalid 400, unauthorized 401, forbidden 403, not_found 404, conflict 409, too_large 413, rate_limited 429, internal 500)")}
		if rt.access != public {
			responses["401"] = errorResponse("not signed in")
		}
		if rt.access == admins || rt.access == managers {
			responses["403"] = errorResponse("your role may not do this")
		}
		if rt.maxBody == uploadBody {
			responses["413"] = errorResponse("the upload is larger than the server's limit")
		}
		o["responses"] = responses
		if rt.access == public {
			o["security"] = []obj{}
		}
		item[strings.ToLower(rt.method)] = o
	}
	doc := obj{
		"openapi": "3.1.0",
		"info": obj{"title": "Pushback team server API", "version": "1",
			"description": "Stored calls, their push-back analyses, reps' scores, playbooks, accounts and practice. " +
				"Sign in with POST /api/v1/login (a session cookie; send the returned csrf_token in X-CSRF-Token on changes) " +
				"or send an API token as Authorization: Bearer pbk_.... Errors are JSON: {\"error\": {\"code\", \"message\", \"details\"}}. " +
				"Admins see everything; managers the reps and calls of the teams they manage; reps their own calls and practice. " +
				"What you may not see is not found (404); what your role may not do is forbidden (403)."},
		"servers": []obj{{"url": "/"}},
		"paths":   paths,
		"components": obj{
			"schemas": schemas,
			"securitySchemes": obj{
				"session": obj{"type": "apiKey", "in": "cookie", "name": "pushback_session"},
				"token":   obj{"type": "http", "scheme": "bearer", "description": "an API token (pbk_...) from POST /api/v1/tokens or pushback token create"},
			},
		},
		"security": []obj{{"session": []string{}}, {"token": []string{}}},
	}
	return json.MarshalIndent(doc, "", "  ")
}

// operationID names an operation after its method and path: GET
// /api/v1/calls/{id} is getCallsById.
func operationID(rt route) string {
	var b strings.Builder
	b.WriteString(strings.ToLower(rt.method))
	for _, part := range strings.Split(strings.TrimPrefix(rt.path, "/api/v1/"), "/") {
		if m := pathParam().FindStringSubmatch(part); m != nil {
			part = "by_" + m[1]
		}
		for _, w := range strings.FieldsFunc(part, func(r rune) bool { return r == '_' || r == '.' || r == '-' }) {
			b.WriteString(strings.ToUpper(w[:1]) + w[1:])
		}
	}
	return b.String()
}
