package ui

import (
	"context"
	"fmt"
	"time"

	"github.com/charmbracelet/bubbles/help"
	"github.com/charmbracelet/bubbles/key"
	"github.com/charmbracelet/bubbles/spinner"
	tea "github.com/charmbracelet/bubbletea"

	"github.com/twilio-keys/twilio-keys/twilio"
	"github.com/twilio-keys/twilio-keys/ui/keys"
	"github.com/twilio-keys/twilio-keys/ui/styles"
)

// state is the view that has the keyboard.
type state int

const (
	stateConnecting state = iota // fetching the account
	stateStartError              // the account fetch failed for a reason other than credentials
	stateAuthFailed              // Twilio refused the credentials
	stateList
	stateCreate
	stateSecret
	stateRename
	stateDelete
	stateDetails
	stateHelp
	stateAccounts     // the account picker
	stateCheck        // the check-a-key form
	stateRotateOldKey // a rotation's last step: delete or keep the old key
)

func (s state) String() string {
	return [...]string{"connecting", "start error", "auth failed", "list", "create", "secret",
		"rename", "delete", "details", "help", "accounts", "check", "rotate: old key"}[s]
}

// The smallest terminal the console draws in.
const minWidth, minHeight = 60, 16

// Model is the console: a root that routes messages to the view in front and
// owns everything shared (account, keys, status line, sizes).
type Model struct {
	cfg     Config
	keys    keys.KeyMap
	styles  *styles.Styles
	help    help.Model
	spinner spinner.Model

	state         state
	back          state // the view help returns to
	helpOffset    int   // first help line shown, when help is taller than the screen
	width, height int
	bodyHeight    int
	// header and footer as drawn after the last Update. Every change to them
	// comes through Update, which ends in layout, so View reuses them: they
	// were most of a frame's allocations (the footer's help line above all).
	header, footer string

	home     twilio.Account // the credentials' own account
	account  twilio.Account // the account whose keys are shown: home or a subaccount
	svc      Service        // the shown account's Service
	startErr error
	exitErr  error // what Run returns
	quitting bool

	list      keyList
	listGen   int                // which listing's pages to accept
	stopList  context.CancelFunc // stops the running listing
	reloading bool               // replace the keys when the next listing's first page arrives
	touched   map[string]bool    // SIDs created, renamed or deleted while the current listing runs

	create  createForm
	secret  secretModal
	rename  renameForm
	del     deleteConfirm
	details twilio.Key
	picker  accountPicker
	check   checkForm
	rot     rotation

	busy   string // the request in flight, for the status line ("Creating key…"), or ""
	status status
	clip   clipState
}

// New builds the console. Nothing touches the network until Init's Cmd runs.
func New(cfg Config) Model {
	if cfg.Now == nil {
		cfg.Now = time.Now
	}
	st := styles.New()
	h := help.New()
	h.Styles.ShortKey, h.Styles.ShortDesc = st.Help.Key, st.Help.Desc
	m := Model{
		cfg:     cfg,
		svc:     cfg.Service,
		keys:    keys.Default(),
		styles:  st,
		help:    h,
		spinner: spinner.New(spinner.WithSpinner(spinner.MiniDot)),
		list:    newKeyList(),
		touched: map[string]bool{},
	}
	m.updateKeymap()
	return m
}

// Init implements tea.Model: fetch the account first.
func (m Model) Init() tea.Cmd {
	return tea.Batch(fetchAccountCmd(m.cfg.Service), m.spinner.Tick)
}

// Update implements tea.Model. The order is fixed: ctrl+c, sizes, keys for
// the view in front, then results and timers, whichever view is showing.
func (m Model) Update(msg tea.Msg) (tea.Model, tea.Cmd) {
	var cmd tea.Cmd
	switch msg := msg.(type) {
	case tea.KeyMsg:
		if key.Matches(msg, m.keys.ForceQuit) {
			return m.quit()
		}
		m, cmd = m.updateKey(msg)
	case tea.WindowSizeMsg:
		m.width, m.height = msg.Width, msg.Height
	case spinner.TickMsg:
		if m.spinning() {
			m.spinner, cmd = m.spinner.Update(msg)
		}
	default:
		m, cmd = m.updateResult(msg)
	}
	m.updateKeymap()
	m.layout()
	return m, cmd
}

func (m Model) updateKey(msg tea.KeyMsg) (Model, tea.Cmd) {
	if m.status.keep {
		m.status = status{} // errors and notes stay until the next key
	}
	if m.state == stateAuthFailed {
		m.exitErr = ErrCredentialsRejected
		return m.quit()
	}
	if m.tooSmall() {
		if key.Matches(msg, m.keys.Quit) {
			return m.quit()
		}
		return m, nil
	}
	// Quit and help are enabled only where nothing takes text.
	switch {
	case key.Matches(msg, m.keys.Quit):
		return m.quit()
	case key.Matches(msg, m.keys.Help):
		if m.state == stateHelp {
			m.state = m.back
		} else {
			m.back, m.state, m.helpOffset = m.state, stateHelp, 0
		}
		return m, nil
	}
	switch m.state {
	case stateConnecting, stateStartError:
		return m.updateStartup(msg)
	case stateList:
		return m.updateList(msg)
	case stateCreate:
		return m.updateCreate(msg)
	case stateSecret:
		return m.updateSecret(msg)
	case stateRename:
		return m.updateRename(msg)
	case stateDelete:
		return m.updateDelete(msg)
	case stateDetails:
		return m.updateDetails(msg)
	case stateHelp:
		return m.updateHelp(msg)
	case stateAccounts:
		return m.updatePicker(msg)
	case stateCheck:
		return m.updateCheck(msg)
	case stateRotateOldKey:
		return m.updateRotateOldKey(msg)
	}
	return m, nil
}

// updateResult handles what comes back from Cmds: network results and timers.
func (m Model) updateResult(msg tea.Msg) (Model, tea.Cmd) {
	switch msg := msg.(type) {
	case accountMsg:
		return m.accountFetched(msg)
	case keysPageMsg:
		return m.pageArrived(msg)
	case keysDoneMsg:
		return m.listingDone(msg)
	case keyCreatedMsg:
		return m.keyCreated(msg)
	case keyRenamedMsg:
		return m.keyRenamed(msg)
	case keyDeletedMsg:
		return m.keyDeleted(msg)
	case accountsMsg:
		return m.accountsListed(msg)
	case keyCheckedMsg:
		return m.keyChecked(msg)
	case replacementCheckedMsg:
		return m.replacementChecked(msg)
	case copiedMsg:
		return m.copied(msg)
	case clearClipboardMsg:
		cmd := m.clearClipboard(msg)
		return m, cmd
	case clipboardClearedMsg:
		return m.clipboardCleared(msg)
	case statusExpiredMsg:
		if msg.id == m.status.id && !m.status.keep {
			m.status = status{}
		}
	}
	return m, nil
}

func (m Model) quit() (Model, tea.Cmd) {
	m.quitting = true
	if m.stopList != nil {
		m.stopList()
	}
	m.secret.drop()
	m.check = checkForm{}
	return m, tea.Quit
}

func (m *Model) spinning() bool {
	return m.busy != "" || m.list.loading || m.state == stateConnecting || m.picker.loading || m.rot.checking
}

func (m *Model) tooSmall() bool { return m.width < minWidth || m.height < minHeight }

// View implements tea.Model.
func (m Model) View() string {
	switch {
	case m.quitting || m.width == 0:
		return ""
	case m.tooSmall():
		return fmt.Sprintf("Terminal too small (need %dx%d, have %dx%d)", minWidth, minHeight, m.width, m.height)
	}
	var body string
	switch m.state {
	case stateConnecting, stateStartError, stateAuthFailed:
		body = m.startupView()
	case stateList:
		body = m.list.view(m.styles, m.spinner.View())
	case stateCreate:
		body = m.createView()
	case stateSecret:
		body = m.secretView()
	case stateRename:
		body = m.renameView()
	case stateDelete:
		body = m.deleteView()
	case stateDetails:
		body = m.detailsView()
	case stateHelp:
		body = m.helpView()
	case stateAccounts:
		body = m.pickerView()
	case stateCheck:
		body = m.checkView()
	case stateRotateOldKey:
		body = m.rotateOldKeyView()
	}
	return m.header + "\n" + fitLines(body, m.bodyHeight) + "\n" + m.footer
}
