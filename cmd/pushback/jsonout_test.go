package main

import (
	"bytes"
	"encoding/json"
	"testing"

	"github.com/pushback-coach/pushback"
)

// The hand-written turns must read back exactly as encoding/json writes them.
func TestWriteCallMatchesEncodingJSON(t *testing.T) {
	call := &pushback.Call{Schema: pushback.CallSchema, Source: "x.vtt", Format: "webvtt", Duration: 12.5,
		Speakers: []pushback.Speaker{{Name: "Ana \"A\" <B>", Role: pushback.RoleRep}},
		Turns: []pushback.Turn{
			{Index: 0, Speaker: "Ana \"A\" <B>", Role: pushback.RoleRep, Start: 0.5, End: pushback.NoTime,
				Text: "tab\there, quote \" backslash \\ ctrl \x01 bad \xff line \u2028 ünï & <script>", Sentences: []string{"a", "b"}},
			{Index: 1, Speaker: "Bo", Role: pushback.RoleProspect, Start: pushback.NoTime, End: 3.25, Text: ""},
		}}
	var got bytes.Buffer
	if err := writeCall(&got, call, false); err != nil {
		t.Fatal(err)
	}
	want, _ := json.Marshal(call)
	var a, b any
	if err := json.Unmarshal(got.Bytes(), &a); err != nil {
		t.Fatalf("invalid JSON %s: %v", got.Bytes(), err)
	}
	json.Unmarshal(want, &b)
	ja, _ := json.Marshal(a)
	jb, _ := json.Marshal(b)
	if !bytes.Equal(ja, jb) {
		t.Fatalf("got  %s\nwant %s", ja, jb)
	}
	got.Reset()
	writeCall(&got, call, true)
	if !bytes.Contains(got.Bytes(), []byte(`"sentences":["a","b"]`)) {
		t.Fatalf("no sentences: %s", got.Bytes())
	}
}

// An analysis written by hand reads back as encoding/json writes it.
func TestWriteAnalysisMatchesEncodingJSON(t *testing.T) {
	a := &pushback.Analysis{Call: pushback.Call{Schema: pushback.AnalysisSchema, Source: "a.txt", Duration: pushback.NoTime,
		Speakers: []pushback.Speaker{{Name: "Bo", Role: pushback.RoleProspect}},
		Turns:    []pushback.Turn{{Index: 0, Speaker: "Bo", Role: pushback.RoleProspect, Start: pushback.NoTime, End: pushback.NoTime, Text: "You'll \"raise\" prices."}}},
		Moments: []pushback.Moment{{Turn: 0, Quote: "You'll \"raise\" prices.", Category: pushback.ForwardLooking, Topics: []pushback.Topic{pushback.TopicPrice},
			Confidence: 0.875, Reasons: []string{"prediction"}, Fact: &pushback.FactRef{ID: "p", Claim: "Locked."},
			Response: &pushback.Response{Turns: []int{1}, PushedBack: true, How: pushback.HowPushedBack, Warning: true, Respectful: pushback.Bool(false),
				Scores: map[string]float64{"warning": 0.9, "calm": 0.25}, Evidence: map[string]string{"warning": "I see it <differently>"}, Reasons: []string{"r"}},
			Suggestion: &pushback.Suggestion{Script: "Bo, ...", ThenShare: "Locked."}, Feedback: "ok"},
			{Turn: 0, Quote: "q", Category: pushback.IncorrectFact, Topics: []pushback.Topic{}, Reasons: []string{}}}}
	var got bytes.Buffer
	if err := writeAnalysis(&got, a); err != nil {
		t.Fatal(err)
	}
	want, _ := json.Marshal(a)
	var x, y any
	if err := json.Unmarshal(got.Bytes(), &x); err != nil {
		t.Fatalf("invalid JSON %s: %v", got.Bytes(), err)
	}
	json.Unmarshal(want, &y)
	jx, _ := json.Marshal(x)
	jy, _ := json.Marshal(y)
	if !bytes.Equal(jx, jy) {
		t.Fatalf("got  %s\nwant %s", jx, jy)
	}
}
