package jsonfmt

import (
	"fmt"
	"strings"

	"github.com/pushback-coach/pushback"
)

// gongDoc is Gong's /v2/calls/transcript response: {requestId, records,
// callTranscripts[{callId, transcript[{speakerId, topic, sentences[{start,
// end, text}]}]}]}, times in milliseconds. The parties that name the
// speakers come from /v2/calls/extensive ({calls[{metaData{id}, parties[
// {speakerId, name, emailAddress, affiliation}]}]}); they are read either
// merged at the top level ("parties" beside callTranscripts) or as that
// response's calls array in the same document. A bare transcript array
// (the monologues of one call) is read too.
type gongDoc struct {
	CallTranscripts []struct {
		CallID     label           `json:"callId"`
		Transcript []gongMonologue `json:"transcript"`
	} `json:"callTranscripts"`
	Parties []gongParty `json:"parties"`
	Calls   []struct {
		ID       label `json:"id"`
		MetaData struct {
			ID label `json:"id"`
		} `json:"metaData"`
		Parties []gongParty `json:"parties"`
	} `json:"calls"`
}

type gongMonologue struct {
	SpeakerID label `json:"speakerId"`
	Sentences []struct {
		Start number `json:"start"`
		End   number `json:"end"`
		Text  string `json:"text"`
	} `json:"sentences"`
}

type gongParty struct {
	SpeakerID    label  `json:"speakerId"`
	Name         string `json:"name"`
	EmailAddress string `json:"emailAddress"`
	Affiliation  string `json:"affiliation"` // Internal: the seller's side; External: the buyer's
}

// readGong names each speaker by their party's name (else email address)
// when the document has parties, else by the speakerId. A file holds one
// call: several transcribed calls are an error, not a merge.
func readGong(data []byte, _ string, out *segments) (string, error) {
	var doc gongDoc
	var monologues []gongMonologue
	if first(data) == '[' {
		if err := unmarshal(data, &monologues); err != nil {
			return "", err
		}
	} else {
		if err := unmarshal(data, &doc); err != nil {
			return "", err
		}
		if doc.CallTranscripts == nil {
			return "", missing("$.callTranscripts", "Gong's callTranscripts array")
		}
		calls := 0
		callID := ""
		for _, c := range doc.CallTranscripts {
			if len(c.Transcript) > 0 {
				calls++
				monologues, callID = c.Transcript, c.CallID.s
			}
		}
		if calls > 1 {
			return "", &pushback.InputError{Path: "$.callTranscripts", Msg: fmt.Sprintf("holds %d calls: expected the transcript of one call (save each call to its own file)", calls)}
		}
		doc.Parties = append(doc.Parties, doc.callParties(callID)...)
	}
	names := map[string]string{}
	sides := map[string]pushback.Role{}
	for _, p := range doc.Parties {
		switch strings.ToLower(strings.TrimSpace(p.Affiliation)) {
		case "internal":
			sides[p.SpeakerID.s] = pushback.RoleRep
		case "external":
			sides[p.SpeakerID.s] = pushback.RoleProspect
		}
		name := strings.TrimSpace(p.Name)
		if name == "" {
			name = strings.TrimSpace(p.EmailAddress)
		}
		if p.SpeakerID.ok && p.SpeakerID.s != "" && name != "" {
			names[p.SpeakerID.s] = name
		}
	}
	for _, m := range monologues {
		speaker := m.SpeakerID.s
		side := sides[speaker]
		if name, ok := names[speaker]; ok {
			speaker = name
		}
		for _, s := range m.Sentences {
			out.add(speaker, s.Start.millis(), s.End.millis(), s.Text)
			if side != "" && len(*out) > 0 {
				(*out)[len(*out)-1].Role = side
			}
		}
	}
	return "gong", nil
}

// callParties returns the parties of the call with the id, from the calls
// array; with a single call there, its parties whatever its id.
func (d *gongDoc) callParties(callID string) []gongParty {
	for _, c := range d.Calls {
		if callID != "" && (c.ID.s == callID || c.MetaData.ID.s == callID) {
			return c.Parties
		}
	}
	if len(d.Calls) == 1 {
		return d.Calls[0].Parties
	}
	return nil
}
