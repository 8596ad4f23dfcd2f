package pushback

// Analysis is a call with its push-back moments, the verdicts on the rep's
// responses, coaching and scores: the pushback.analysis/v1 document.
type Analysis struct {
	Call
	Playbook PlaybookRef `json:"playbook"`
	Models   ModelRef    `json:"models"`
	Moments  []Moment    `json:"moments"`
	Scores   Scores      `json:"scores"`
}

// PlaybookRef names the playbook an analysis used; Version is the sha256 of
// its canonical content, so a stored analysis says what it was judged against.
type PlaybookRef struct {
	Name        string      `json:"name"`
	Version     string      `json:"version"`
	Sensitivity Sensitivity `json:"sensitivity,omitempty"` // the playbook's, when it sets one
}

// ModelRef names the version of the embedded models an analysis used.
type ModelRef struct {
	Version string `json:"version"`
}

// Scores sum up a call, or a rep across calls.
type Scores struct {
	Moments    int                     `json:"moments"`
	PushedBack int                     `json:"pushed_back"`
	Courage    *float64                `json:"courage"` // pushed back / moments; nil with no moments
	Craft      *float64                `json:"craft"`   // mean over push-backs of warning, permission first, respectful, calm; nil with none
	Headline   string                  `json:"headline,omitempty"`
	ByRep      map[string]*RepScores   `json:"by_rep,omitempty"`
	ByCategory map[Category]*RepScores `json:"by_category,omitempty"`
}

// RepScores are the scores of one rep (or one category of moment).
type RepScores struct {
	Moments    int      `json:"moments"`
	PushedBack int      `json:"pushed_back"`
	Courage    *float64 `json:"courage"`
	Craft      *float64 `json:"craft"`
}
