package pushback

// TranscriptFormat describes one transcript format Pushback reads.
type TranscriptFormat struct {
	ID    string   `json:"id"`    // stable id, printed in pushback.call/v1 "format"
	Name  string   `json:"name"`  // what users call it
	Keeps string   `json:"keeps"` // what Pushback keeps from it: speakers, times, ...
	Exts  []string `json:"exts"`  // file name endings that hint at it
}
