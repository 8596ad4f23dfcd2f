package detect_test

import (
	"slices"
	"strings"
	"testing"

	"github.com/pushback-coach/pushback"
	"github.com/pushback-coach/pushback/detect"
	"github.com/pushback-coach/pushback/models"
	"github.com/pushback-coach/pushback/playbook"
)

func newDetector(tb testing.TB) *detect.Detector {
	tb.Helper()
	pb, err := playbook.Default()
	if err != nil {
		tb.Fatal(err)
	}
	m, err := models.Load("moment")
	if err != nil {
		tb.Fatal(err)
	}
	d, err := detect.New(pb, m)
	if err != nil {
		tb.Fatal(err)
	}
	return d
}

func TestClassify(t *testing.T) {
	d := newDetector(t)
	tests := []struct {
		text   string
		moment bool
	}{
		{"You guys will probably jack up the price after the first year.", true},
		{"All these platforms are the same anyway.", true},
		{"Do you integrate with Salesforce?", false},
		{"Our budget is approved in March.", false},
		{"Thanks, that makes sense.", false},
		// A prediction about the seller holds whatever the incidental
		// words: months and figures are common in small talk too.
		{"you're not gonna sell a convertible in november", true},
		{"You know, you're not gonna sell a three year old laptop for six fifty.", true},
		{"We close the books in November, so the decision comes after that.", false},
		{"Let's pick this up on Tuesday with fifty seats in the pilot.", false},
		// A view reported and adopted is a moment; reported and disowned
		// in the next breath, it is not.
		{"Our CFO says cloud contact centres are a fad and we should just buy a bigger box.", true},
		{"Our CFO says cloud contact centres are a fad and we should just buy a bigger box. I don't agree with him, but he signs the budget.", false},
		// The same from speech-to-text that drops apostrophes.
		{"our cfo says cloud contact centres are a fad and we should just buy a bigger box.", true},
		{"our cfo says cloud contact centres are a fad and we should just buy a bigger box. i dont agree with him, but he signs the budget.", false},
	}
	for _, tt := range tests {
		v, _ := d.Classify(tt.text)
		if v.Moment != tt.moment {
			t.Errorf("Classify(%q).Moment = %v (%.2f), want %v", tt.text, v.Moment, v.Confidence, tt.moment)
		}
	}
}

func BenchmarkJudge(b *testing.B) {
	d := newDetector(b)
	text := "Honestly, I looked at this last year and I'm pretty sure your platform doesn't integrate with Salesforce, so it was a non-starter for us."
	cands := detect.TextCandidates(nil, 0, text)
	b.SetBytes(int64(len(text)))
	b.ReportAllocs()
	for b.Loop() {
		for i := range cands {
			d.Judge(&cands[i])
		}
	}
}

// A claim that runs over two sentences of a turn is quoted whole: the
// moment's quote takes in a neighbouring sentence that is itself a moment, or
// a near miss and not a question, and only then.
func TestQuoteTakesInNeighbouringNearMiss(t *testing.T) {
	d := newDetector(t)
	turns := [][]string{
		{"Package lockers are just expensive shelves.", "A room with a lock does the same thing."},
		{"Every hotel that puts in occupancy sensors gets slaughtered on TripAdvisor.", "Guests hate these things."},
		{"Cattle are too dumb to learn a beep.", "So a little sound in their ear isn't going to do anything."},
		{"Your support will vanish once we sign.", "What does onboarding look like?"},
		{"I'm pretty sure your platform doesn't integrate with Salesforce.", "We checked that last spring."},
		{"We close the books in November.", "All these platforms are the same anyway."},
		{"Honestly, tool tracking is a gimmick.", "Our foremen know where every drill is."},
		{"Drones are a toy for surveyors.", "Nobody serious uses them."},
		{"You guys don't even have an API.", "So integration is a non-starter."},
	}
	joined := 0
	for _, ss := range turns {
		text := ss[0] + " " + ss[1]
		call := &pushback.Call{Turns: []pushback.Turn{
			{Index: 0, Role: pushback.RoleRep, Speaker: "Rep", Text: "Tell me more about how you work today."},
			{Index: 1, Role: pushback.RoleProspect, Speaker: "Pat", Text: text},
		}}
		cands := detect.TurnCandidates(nil, call, 1)
		if len(cands) != 2 {
			t.Fatalf("%q: %d candidates, want 2", text, len(cands))
		}
		// The call is this one turn: its threshold is the model's, moved
		// by the turn's own evidence.
		th := d.CallThreshold(d.TurnPrior(call, 1))
		var vs [2]detect.Verdict
		for i := range cands {
			vs[i] = d.Judge(&cands[i])
			vs[i].Moment = vs[i].Confidence >= th
		}
		near := func(i int) bool {
			return !vs[i].Moment && vs[i].Confidence >= th*detect.NearMissRatio && !strings.HasSuffix(ss[i], "?")
		}
		var want []string
		switch {
		case vs[0].Moment && vs[1].Moment, vs[0].Moment && near(1), vs[1].Moment && near(0):
			want = []string{text}
			joined++
		case vs[0].Moment:
			want = ss[:1]
		case vs[1].Moment:
			want = ss[1:]
		}
		got := d.DetectTurn(nil, call, 1, detect.Prior{})
		if len(got) != len(want) {
			t.Errorf("%q: %d moments, want %d (confidences %.2f %.2f)", text, len(got), len(want), vs[0].Confidence, vs[1].Confidence)
			continue
		}
		for i := range got {
			if got[i].Quote != want[i] {
				t.Errorf("%q: quote %q, want %q", text, got[i].Quote, want[i])
			}
		}
	}
	if joined == 0 {
		t.Error("no example joined two sentences: the cases no longer test the join")
	}
}

// Moments on neighbouring sentences of a turn are one moment, quoting both,
// with the reasons of both; moments with a sentence between them stay apart.
func TestAdjacentMomentsAreOneMoment(t *testing.T) {
	d := newDetector(t)
	ss := []string{
		"Drones are a gimmick.",
		"Every drone report I've ever seen is useless.",
		"We close the books in November and the board meets in December.",
		"And you guys will be bought by somebody bigger within a year.",
	}
	call := &pushback.Call{Turns: []pushback.Turn{
		{Index: 0, Role: pushback.RoleRep, Speaker: "Rep", Text: "Tell me more about how you work today."},
		{Index: 1, Role: pushback.RoleProspect, Speaker: "Pat", Text: strings.Join(ss, " ")},
	}}
	cands := detect.TurnCandidates(nil, call, 1)
	th := d.CallThreshold(d.TurnPrior(call, 1))
	var vs []detect.Verdict
	for i := range cands {
		vs = append(vs, d.Judge(&cands[i]))
	}
	if len(vs) != 4 || vs[0].Confidence < th || vs[1].Confidence < th || vs[2].Confidence >= th*detect.NearMissRatio || vs[3].Confidence < th {
		t.Fatalf("the example no longer has two neighbouring moments, a plain sentence and a third moment (threshold %.2f): %+v", th, vs)
	}
	got := d.DetectTurn(nil, call, 1, detect.Prior{})
	if len(got) != 2 {
		t.Fatalf("%d moments, want 2: %+v", len(got), got)
	}
	if want := ss[0] + " " + ss[1]; got[0].Quote != want {
		t.Errorf("joined quote %q, want %q", got[0].Quote, want)
	}
	core := ss[0]
	if vs[1].Confidence > vs[0].Confidence {
		core = ss[1]
	}
	if got[0].Core != core {
		t.Errorf("joined core %q, want the more confident sentence %q", got[0].Core, core)
	}
	if got[1].Quote != ss[3] {
		t.Errorf("last quote %q, want %q", got[1].Quote, ss[3])
	}
	for _, r := range append(vs[0].Reasons, vs[1].Reasons...) {
		if !slices.Contains(got[0].Reasons, r) {
			t.Errorf("joined moment lost the reason %q: %q", r, got[0].Reasons)
		}
	}
	if c := max(vs[0].Confidence, vs[1].Confidence); got[0].Confidence != float64(int(c*1000+0.5))/1000 {
		t.Errorf("joined confidence %v, want the larger of %v and %v", got[0].Confidence, vs[0].Confidence, vs[1].Confidence)
	}
}

// When the words decide, the reason names the content words that weighed
// most, not the function words around them.
func TestWordReasonNamesContentWords(t *testing.T) {
	d := newDetector(t)
	v, _ := d.Classify("Apps are for kids.")
	var reason string
	for _, r := range v.Reasons {
		if strings.HasPrefix(r, "wording typical") {
			reason = r
		}
	}
	if reason == "" {
		t.Fatalf("reasons %q: no word reason; pick an example the words decide", v.Reasons)
	}
	for _, w := range []string{"'are'", "'for'"} {
		if strings.Contains(reason, w) {
			t.Errorf("reason %q names the function word %s", reason, w)
		}
	}
	if !strings.Contains(reason, "'apps'") {
		t.Errorf("reason %q does not name 'apps'", reason)
	}
}

// A prospect who says the opposite of a known misconception says what the
// fact says: that is not a wrong fact, however the sentence's negation reads.
// The misconception itself, in other words, still is.
func TestFactCheckReadsTheMisconceptionsPolarity(t *testing.T) {
	pb, err := playbook.Parse("test.yaml", []byte(`company: Kettleby Coffee Supply
product: Kettleby roast subscriptions
facts:
  - id: cancel
    claim: A subscription can be paused or cancelled at any time with no fee.
    about: [cancel, pause, subscription, fee, lock in, contract]
    misconceptions:
      - you have to pay a fee to cancel the subscription
      - the subscription can't be paused
`))
	if err != nil {
		t.Fatal(err)
	}
	m, err := models.Load("moment")
	if err != nil {
		t.Fatal(err)
	}
	d, err := detect.New(pb, m)
	if err != nil {
		t.Fatal(err)
	}
	for _, tt := range []struct {
		text string
		fact bool
	}{
		{"So I don't have to pay a fee to cancel the subscription, then.", false},
		{"And the subscription can be paused whenever we like.", false},
		{"Last I heard you have to pay a fee to cancel the subscription.", true},
		{"Your subscription can't be paused, so we'd be stuck over the holidays.", true},
	} {
		v, _ := d.Classify(tt.text)
		got := v.Moment && v.Category == pushback.IncorrectFact && v.Fact != nil
		if got != tt.fact {
			t.Errorf("%q: incorrect fact with the playbook's fact = %v (%+v), want %v", tt.text, got, v, tt.fact)
		}
	}
}

// A call's earlier turns move its threshold: with no evidence it is the
// model's; turns whose candidates look like moments lower it, turns of
// plain talk raise it, and more such turns move it further.
func TestCallThresholdFollowsTheCall(t *testing.T) {
	d := newDetector(t)
	base := d.CallThreshold(detect.Prior{})
	if base != d.Threshold() {
		t.Fatalf("threshold with no evidence = %.3f, want the model's %.3f", base, d.Threshold())
	}
	dense := d.CallThreshold(detect.Prior{Sum: 8, N: 20})
	sparse := d.CallThreshold(detect.Prior{Sum: 0.4, N: 20})
	sparser := d.CallThreshold(detect.Prior{Sum: 2, N: 100})
	if !(dense < base && base < sparse && sparse < sparser && sparser < 1) {
		t.Errorf("thresholds: dense call %.3f, none %.3f, sparse %.3f, sparser %.3f: want increasing", dense, base, sparse, sparser)
	}

	// The evidence comes from the turns: a prospect who keeps making claims
	// about the seller gives more of it than one who talks about the weather.
	call := &pushback.Call{Turns: []pushback.Turn{
		{Index: 0, Role: pushback.RoleProspect, Speaker: "P", Text: "You'll raise the price after the first year. Your support will vanish once we sign. All these platforms are the same."},
		{Index: 1, Role: pushback.RoleRep, Speaker: "R", Text: "How was the weekend?"},
		{Index: 2, Role: pushback.RoleProspect, Speaker: "P", Text: "Good, we went to the lake. The kids loved it. It rained on Sunday."},
	}}
	claims, weather := d.TurnPrior(call, 0), d.TurnPrior(call, 2)
	if claims.N != 3 || weather.N != 3 || claims.Sum/3 <= weather.Sum/3 {
		t.Errorf("evidence: claims %+v, weather %+v", claims, weather)
	}
	if rep := d.TurnPrior(call, 1); rep != (detect.Prior{}) {
		t.Errorf("a rep turn gives evidence %+v", rep)
	}
	if got := d.PriorBefore(call, 3); got != claims.Add(weather) {
		t.Errorf("PriorBefore = %+v, want %+v", got, claims.Add(weather))
	}
	if d.CallThreshold(claims) >= d.CallThreshold(weather) {
		t.Errorf("threshold after the claims %.3f, after the weather %.3f", d.CallThreshold(claims), d.CallThreshold(weather))
	}
}

func TestDisownedByTheNextWords(t *testing.T) {
	cases := []struct {
		text string
		want []bool // per candidate
	}{
		{"Our CFO says cloud contact centres are a fad. I don't agree with him, but he signs the budget.", []bool{true, false}},
		{"My boss thinks you'll raise prices after year one. Honestly, I’m not so sure.", []bool{true, false}},
		{"A guy at my peer group told me all the cloud CRMs sell your leads, but I don't buy it, and I'm asking anyway.", []bool{true}},
		{"Your tool can't export to Excel. I don't think that's acceptable for us.", []bool{false, false}},
		{"You'll raise prices after year one. I don't know when our renewal is.", []bool{false, false}},
		{"You'll raise prices after year one, everyone does.", []bool{false}},
		{"You'll raise prices after year one, but I don't think that's the end of it.", []bool{false}},
		{"MY CFO SAYS YOU'RE A FAD BUT I DISAGREE", []bool{true}},
		// Speech-to-text output without apostrophes.
		{"my boss thinks youll raise prices after year one. honestly im not so sure.", []bool{true, false}},
		{"our cfo says cloud contact centres are a fad but i dont agree with him", []bool{true}},
		{"Your tool can't export to Excel. I dont think thats acceptable for us.", []bool{false, false}},
		{"Your tool can't export to Excel. Thats not how I see it, though.", []bool{true, false}},
		{"You'll raise prices after year one. I don't think someone like you would hold them.", []bool{false, false}},
	}
	for _, c := range cases {
		cands := detect.TextCandidates(nil, 0, c.text)
		var got []bool
		for _, cd := range cands {
			got = append(got, cd.Disowned)
		}
		if !slices.Equal(got, c.want) {
			var texts []string
			for _, cd := range cands {
				texts = append(texts, cd.Text)
			}
			t.Errorf("%q: disowned %v, want %v (candidates %q)", c.text, got, c.want, texts)
		}
	}
}

func BenchmarkTextCandidates(b *testing.B) {
	text := "Our CFO says cloud contact centres are a fad. I don't agree with him, but he signs the budget. " +
		"So honestly we looked at three vendors last year and the integration was always the problem because nobody " +
		"could tell us how the data would move and I mean we spent months on it and then the project got cancelled " +
		"anyway so you can see why people here are nervous. That's not my view. Thanks, that makes sense."
	var cands []detect.Candidate
	b.SetBytes(int64(len(text)))
	b.ReportAllocs()
	for b.Loop() {
		cands = detect.TextCandidates(cands[:0], 0, text)
	}
}

func BenchmarkDetect(b *testing.B) {
	d := newDetector(b)
	call := &pushback.Call{Turns: []pushback.Turn{
		{Index: 0, Role: pushback.RoleRep, Speaker: "Rep", Text: "So how are you handling the contact centre today?"},
		{Index: 1, Role: pushback.RoleProspect, Speaker: "Pat", Text: "Honestly, I looked at this last year and I'm pretty sure your platform doesn't integrate with Salesforce. Our CFO says cloud contact centres are a fad."},
		{Index: 2, Role: pushback.RoleRep, Speaker: "Rep", Text: "We do integrate with Salesforce, out of the box."},
		{Index: 3, Role: pushback.RoleProspect, Speaker: "Pat", Text: "You guys will probably jack up the price after the first year. Thanks, that makes sense though. We close the books in November."},
	}}
	b.ReportAllocs()
	for b.Loop() {
		d.Detect(call)
	}
}
