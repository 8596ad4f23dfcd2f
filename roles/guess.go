package roles

import (
	"sort"
	"strconv"
	"strings"

	"github.com/pushback-coach/pushback"
	"github.com/pushback-coach/pushback/lang"
)

// The role heuristic. Sellers speak for a product ("our platform", "we
// offer"), host the call ("thanks for making time"), ask discovery questions
// about the buyer's situation ("how do you currently ...?") and propose next
// steps. Buyers talk about the seller's product in the second person ("your
// pricing", "you guys"), ask what it can do ("do you integrate with ...?")
// and speak for their own organisation ("our budget", "we currently use").
// Each cue found in a speaker's turns adds its weight; speakers whose score is
// at least 2 and at least 0.3 of the top score are taken for the seller side.
type cue struct {
	phrase string
	weight float64
}

var sellerCues = []cue{
	{"our product", 2}, {"our platform", 2}, {"our solution", 2}, {"our software", 2},
	{"our customers", 2}, {"our clients", 1.5}, {"we offer", 2}, {"we provide", 2},
	{"we help", 2}, {"we integrate", 2}, {"our pricing", 2}, {"our support team", 2},
	{"our implementation", 2}, {"our onboarding", 2}, {"our contract", 1.5}, {"our roadmap", 2},
	{"let me show you", 2}, {"share my screen", 2}, {"i'll send over", 1}, {"i can send you", 1},
	{"thanks for making time", 2}, {"thanks for taking the time", 2}, {"thanks for joining", 1.5},
	{"thank you for your time", 1}, {"customers like you", 2}, {"companies like yours", 2},
	{"teams like yours", 2}, {"we've seen", 1}, {"we see that", 1}, {"our team can", 1.5},
	{"would you be ok if i", 2}, {"would it be ok if i", 2}, {"mind if i", 1}, {"see that differently", 1.5},
	{"next steps", 1}, {"free trial", 1}, {"our guarantee", 2}, {"we guarantee", 2},
	{"the proposal", 0.5}, {"i'd love to", 0.5}, {"happy to", 0.5}, {"case study", 1},
	{"our uptime", 2}, {"our sla", 2}, {"we include", 2}, {"included in", 0.5},
	{"tell me about", 1}, {"walk me through", 1}, {"what's driving", 1.5},
}

var buyerCues = []cue{
	{"your product", 2}, {"your platform", 2}, {"your pricing", 2}, {"your price", 2},
	{"your company", 2}, {"you guys", 2}, {"your support", 2}, {"your software", 2},
	{"your tool", 2}, {"your solution", 2}, {"your contract", 1.5}, {"your team", 0.5},
	{"your sales", 1}, {"your competitors", 1}, {"vendors", 1}, {"your system", 1.5},
	{"do you integrate", 2}, {"do you support", 2}, {"do you offer", 2}, {"do you have", 1},
	{"can you", 0.5}, {"how much does", 2}, {"how much do you", 2}, {"what do you charge", 2},
	{"our budget", 2}, {"we currently use", 2}, {"we're currently using", 2}, {"we use", 1},
	{"we're evaluating", 2}, {"we are evaluating", 2}, {"our current vendor", 2}, {"our current provider", 2},
	{"procurement", 1}, {"my boss", 1.5}, {"our cfo", 1}, {"send me", 1}, {"sign off", 1},
	{"our contract with", 1.5}, {"we tried", 1}, {"we looked at", 1}, {"our board", 1},
}

// discoveryWords mark a seller's question about the buyer's situation.
var discoveryWords = []string{"currently", "today", "process", "challenge", "goal", "priorit", "timeline",
	"decision", "budget", "how many", "what does your", "how does your", "how do you", "what's your", "what are your", "walk me"}

// capabilityWords mark a buyer's question about what the seller offers.
var capabilityWords = []string{"do you", "does it", "does your", "can it", "can your", "is there", "will you", "how much", "what's the price", "what does it cost"}

// Guess returns the speakers who look like the seller side, by the learned
// role model (learned.go), or by the heuristic score when the model cannot
// be loaded. It always keeps at least one speaker on each side when there
// are two or more.
func Guess(call *pushback.Call) map[string]bool {
	if p := SellerProbs(call); p != nil {
		return Decide(call, p)
	}
	return GuessByScore(call)
}

// GuessByScore is Guess by the heuristic score alone.
func GuessByScore(call *pushback.Call) map[string]bool {
	ev := score(call)
	reps := map[string]bool{}
	if len(ev) == 0 {
		return reps
	}
	top := 0
	for i := range ev {
		if ev[i].Score > ev[top].Score {
			top = i
		}
	}
	if len(ev) == 1 {
		if ev[0].Score > 0 {
			reps[ev[0].Speaker] = true
		}
		return reps
	}
	reps[ev[top].Speaker] = true
	for _, e := range ev {
		if e.Score > 0 && e.Score >= ev[top].Score*0.3 && e.Score >= 2 {
			reps[e.Speaker] = true
		}
	}
	if len(reps) == len(ev) { // keep a buyer: the lowest scorer
		low := 0
		for i := range ev {
			if ev[i].Score < ev[low].Score {
				low = i
			}
		}
		delete(reps, ev[low].Speaker)
	}
	return reps
}

func score(call *pushback.Call) []Evidence {
	idx := map[string]int{}
	var ev []Evidence
	words := map[string]int{}
	totalWords := 0
	for _, s := range call.Speakers {
		idx[s.Name] = len(ev)
		ev = append(ev, Evidence{Speaker: s.Name})
	}
	counts := make([]map[string]int, len(ev))
	for i := range counts {
		counts[i] = map[string]int{}
	}
	for ti, t := range call.Turns {
		i, ok := idx[t.Speaker]
		if !ok {
			continue
		}
		if totalWords >= RoleWords {
			break
		}
		n := len(strings.Fields(t.Text))
		words[t.Speaker] += n
		totalWords += n
		low := " " + strings.ToLower(strings.ReplaceAll(t.Text, "’", "'")) + " "
		for _, c := range sellerCues {
			if k := strings.Count(low, c.phrase); k > 0 {
				ev[i].Score += c.weight * float64(min(k, 3))
				counts[i]["+"+c.phrase] += k
			}
		}
		for _, c := range buyerCues {
			if k := strings.Count(low, c.phrase); k > 0 {
				ev[i].Score -= c.weight * float64(min(k, 3))
				counts[i]["-"+c.phrase] += k
			}
		}
		sents := t.Sentences
		if sents == nil {
			sents = lang.Sentences(t.Text)
		}
		for _, s := range sents {
			if !strings.HasSuffix(strings.TrimSpace(s), "?") {
				continue
			}
			ls := strings.ToLower(s)
			switch {
			case containsAny(ls, capabilityWords):
				ev[i].Score -= 1
				counts[i]["-asks what the product does"]++
			case strings.Contains(ls, "you") && containsAny(ls, discoveryWords):
				ev[i].Score += 1.5
				counts[i]["+discovery question"]++
			}
		}
		if ti == 0 {
			ev[i].Score += 0.5
			counts[i]["+opens the call"]++
		}
	}
	if totalWords > 0 {
		for i := range ev {
			share := float64(words[ev[i].Speaker]) / float64(totalWords)
			if share > 0.5 {
				ev[i].Score += 1
				counts[i]["+talks most"]++
			}
		}
	}
	for i := range ev {
		for k, n := range counts[i] {
			ev[i].Cues = append(ev[i].Cues, k[1:]+" ×"+strconv.Itoa(n)+sign(k[0]))
		}
		sort.Strings(ev[i].Cues)
	}
	return ev
}

func sign(c byte) string {
	if c == '+' {
		return " (seller)"
	}
	return " (buyer)"
}

func containsAny(s string, subs []string) bool {
	for _, x := range subs {
		if strings.Contains(s, x) {
			return true
		}
	}
	return false
}
