package transcript_test
import ("strings";"testing";"github.com/pushback-coach/pushback/transcript")
func TestNegMax(t *testing.T){ _, err := transcript.Parse(strings.NewReader("Dana: hi\nBob: yo\n"), transcript.Options{MaxBytes: -1}); t.Log(err) }
