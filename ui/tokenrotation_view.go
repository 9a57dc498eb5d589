package ui

import (
	"github.com/charmbracelet/bubbles/key"
)

func (f tokenRotationFlow) bindings(s *shared) []key.Binding {
	k := &s.keys
	if f.busy != "" {
		k.Enable(&k.ForceQuit)
		return nil
	}
	k.Cancel.SetHelp("esc", "stop here")
	switch f.step {
	case stepCreate:
		k.Submit.SetHelp("enter", "create the secondary")
		k.Cancel.SetHelp("esc", "back")
		k.Enable(&k.Submit, &k.Cancel, &k.ForceQuit)
	case stepShow:
		short := f.secret.bindings(s)
		k.Done.SetHelp("enter", "next step")
		return short
	case stepChecklist:
		k.Acknowledge.SetHelp("space", "updated everywhere")
		k.Submit.SetHelp("enter", "next step")
		k.Enable(&k.Acknowledge, &k.Submit, &k.Cancel, &k.ForceQuit)
	case stepVerify:
		k.Submit.SetHelp("enter", "next step")
		k.Reload.SetHelp("R", "check again")
		k.Enable(&k.Submit, &k.Cancel, &k.ForceQuit)
		k.Reload.SetEnabled(f.checked && f.checkErr != nil)
	case stepPromote:
		k.Submit.SetHelp("enter", "promote")
		k.Enable(&k.Submit, &k.Cancel, &k.ForceQuit)
	case stepDone:
		k.Enable(&k.Done, &k.ForceQuit)
	}
	return nil
}

func (f tokenRotationFlow) view(s *shared) string {
	if f.step == stepShow {
		return f.secret.view(s)
	}
	st := s.styles
	width := s.modalWidth()
	text := func(t string) string { return st.Screen.Text.Width(width).Render(t) }
	old := "the current Auth Token (ending " + f.oldLast4 + ")"
	var sections []string
	switch f.step {
	case stepCreate:
		sections = append(sections, text("A secondary Auth Token works alongside "+old+" until you promote it in step 5. "+
			"Nothing stops working before then."))
		if s.tokens.event == "created" {
			sections = append(sections, st.Modal.Warning.Width(width).Render("This replaces the secondary token created at "+
				s.tokens.at.UTC().Format("15:04:05 UTC")+" in this session; that one stops working."))
		}
	case stepChecklist:
		box := "[ ]"
		if f.ticked {
			box = "[x]"
		}
		sections = append(sections,
			text("Put the secondary token everywhere the Auth Token is used: every app and service, CI variables, "+
				"secret stores, .env files, and TWILIO_AUTH_TOKEN where it is set for this console."),
			st.Modal.Note.Width(width).Render("Twilio: Services and Functions (Classic) that embed the literal token take up to a minute to follow a change."),
			box+" I have updated every app and secret store")
	case stepVerify:
		switch {
		case !f.checked:
			sections = append(sections, text("Asking Twilio whether it accepts the secondary token…"))
		case f.checkErr == nil:
			sections = append(sections, st.Status.Success.Width(width).Render("✓ Twilio accepts the secondary token."))
		default:
			sections = append(sections, st.Form.Error.Width(width).Render("✗ "+describeError(f.checkErr)))
		}
	case stepPromote:
		sections = append(sections,
			st.Modal.Warning.Width(width).Render("Promote the secondary token? From then on Twilio refuses "+old+
				" everywhere: whatever still uses it stops working at once."),
			text("Type the last 4 characters of the current Auth Token to promote:")+"\n"+f.typed.View())
	case stepDone:
		last4, _ := s.cfg.AuthTokens.AuthTokenLast4()
		sections = append(sections,
			st.Status.Success.Width(width).Render("✓ The secondary token is the primary now. The console signs in with it (ending "+last4+")."),
			text("The old token (ending "+f.oldLast4+") is refused from now on. "+updateWhere(s.cfg.Source)),
			st.Modal.Note.Width(width).Render("Services and Functions (Classic) that embed the literal token take up to a minute to follow."))
	}
	switch {
	case f.busy != "":
		sections = append(sections, st.Modal.Note.Width(width).Render(s.spinner.View()+" "+f.busy))
	case f.err != nil:
		sections = append(sections, st.Form.Error.Width(width).Render(describeError(f.err)))
	case f.hint != "":
		sections = append(sections, st.Modal.Warning.Width(width).Render(f.hint))
	}
	return s.modal("Rotate Auth Token · "+stepTitles[f.step], sections, f.step == stepPromote)
}
