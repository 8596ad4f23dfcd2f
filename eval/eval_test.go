package eval_test

import (
	"testing"

	"github.com/pushback-coach/pushback"
	"github.com/pushback-coach/pushback/eval"
	"github.com/pushback-coach/pushback/labels"
)

func caseOf(turns []string, gold ...labels.Gold) *labels.Case {
	c := &labels.Case{Name: "t", Call: &pushback.Call{}}
	for i, t := range turns {
		c.Call.Turns = append(c.Call.Turns, pushback.Turn{Index: i, Text: t, Role: pushback.RoleProspect})
	}
	c.Gold = gold
	return c
}

func TestCompare(t *testing.T) {
	text := "Honestly, you guys will raise prices after year one. We have 40 reps."
	yes := true
	c := caseOf([]string{text}, labels.Gold{
		Moment: labels.Moment{Quote: "you guys will raise prices", Category: pushback.ForwardLooking,
			Response: &labels.Response{PushedBack: true, Warning: true, Permission: false, Respectful: &yes, Calm: &yes}},
		Turn: 0, Span: [2]int{10, 36},
	})
	predicted := []pushback.Moment{
		{Turn: 0, Quote: "Honestly, you guys will raise prices after year one.", Category: pushback.IncorrectFact,
			Response: &pushback.Response{PushedBack: true, Warning: true, Respectful: pushback.Bool(true), Calm: pushback.Bool(false)}},
		{Turn: 0, Quote: "We have 40 reps.", Category: pushback.IncorrectFact},
	}
	k, misses := eval.Compare(c, predicted)
	r := k.Result("")
	if r.Gold != 1 || r.Predicted != 2 || r.Matched != 1 || r.Precision != 0.5 || r.Recall != 1 {
		t.Fatalf("result = %+v", r)
	}
	if r.CategoryAccuracy == nil || *r.CategoryAccuracy != 0 {
		t.Errorf("category accuracy = %v, want 0", r.CategoryAccuracy)
	}
	if r.Response["pushed_back"] != 1 || r.Response["warning"] != 1 || r.Response["permission"] != 1 || r.Response["calm"] != 0 {
		t.Errorf("response = %v", r.Response)
	}
	kinds := map[string]int{}
	for _, m := range misses {
		kinds[m.Kind]++
	}
	if kinds["category"] != 1 || kinds["false_alarm"] != 1 || kinds["response"] != 1 || kinds["missed"] != 0 {
		t.Errorf("misses = %+v", misses)
	}
}

func TestNoMomentsAnywhere(t *testing.T) {
	r := func() eval.Result {
		k, _ := eval.Compare(caseOf([]string{"Hello there, all good."}), nil)
		return k.Result("")
	}()
	if r.F1 != 1 || r.CategoryAccuracy != nil {
		t.Fatalf("an empty call matched by silence: %+v", r)
	}
}

func TestWrongTurnDoesNotMatch(t *testing.T) {
	c := caseOf([]string{"you guys will raise prices", "you guys will raise prices"},
		labels.Gold{Moment: labels.Moment{Quote: "you guys will raise prices", Category: pushback.ForwardLooking}, Turn: 1, Span: [2]int{0, 26}})
	k, _ := eval.Compare(c, []pushback.Moment{{Turn: 0, Quote: "you guys will raise prices", Category: pushback.ForwardLooking}})
	if r := k.Result(""); r.Matched != 0 {
		t.Fatalf("a moment in another turn matched: %+v", r)
	}
}
