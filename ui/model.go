package ui

import (
	"context"
	"fmt"
	"time"

	"github.com/charmbracelet/bubbles/help"
	"github.com/charmbracelet/bubbles/key"
	"github.com/charmbracelet/bubbles/spinner"
	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/x/ansi"

	"github.com/twilio-keys/twilio-keys/twilio"
	"github.com/twilio-keys/twilio-keys/ui/keymap"
	"github.com/twilio-keys/twilio-keys/ui/styles"
)

// The smallest terminal the console draws in.
const minWidth, minHeight = 60, 16

// shared is what the root owns and every screen may read: the screens get
// it by pointer. Only the list screen moves the list's cursor and filter;
// changes to the keys themselves come from results, through the root.
type shared struct {
	cfg     Config
	ctx     context.Context // the program's lifetime: every Cmd's context derives from it
	keys    keymap.KeyMap
	styles  *styles.Styles
	spinner spinner.Model

	width, height int
	bodyHeight    int

	home    twilio.Account // the credentials' own account
	account twilio.Account // the account whose keys are shown: home or a subaccount
	svc     Service        // the shown account's Service
	list    keyList
	tokens  tokenSession // what this session did to the secondary Auth Token

	typeExplained bool // the details said once why a key's type is unknown
}

// Model is the console: a root that passes keys to the screen in front,
// acts on what screens ask for, and owns everything shared.
type Model struct {
	shared
	front screen
	help  help.Model
	// header and footer as drawn after the last Update. Every change to them
	// comes through Update, which ends in layout, so View reuses them: they
	// were most of a frame's allocations (the footer's help line above all).
	header, footer string
	short          []key.Binding // the footer's keys

	exitErr  error // what Run returns
	quitting bool

	listing listing
	// awaiting is true while the credentials' account is on its way: the
	// first listing runs beside its fetch, so keys can be on screen before
	// it arrives; until it does, the header says "Connecting…" and keys
	// other than quit wait (busy says so).
	awaiting bool
	// initial is the first listing's Cmd, which Init returns: the listing
	// is set up here, in NewContext, because Init cannot change the model.
	initial tea.Cmd
	busy    string // the request in flight, for the status line ("Creating key…"), or ""
	status  status
	clip    clipState
}

// New builds the console. Nothing touches the network until Init's Cmd runs.
func New(cfg Config) Model { return NewContext(context.Background(), cfg) }

// NewContext is New for a program that runs its own tea.Program (ui/serve,
// one per SSH session): every request the console makes runs under ctx, so
// ending ctx stops them all, the key listing included. Run does this itself.
func NewContext(ctx context.Context, cfg Config) Model {
	if cfg.Now == nil {
		cfg.Now = time.Now
	}
	st := styles.New()
	if cfg.Renderer != nil {
		st = styles.NewFor(cfg.Renderer)
	}
	h := help.New()
	h.Styles.ShortKey, h.Styles.ShortDesc = st.Help.Key, st.Help.Desc
	m := Model{
		shared: shared{cfg: cfg, ctx: ctx, svc: cfg.Service, keys: keymap.Default(),
			styles: st, spinner: spinner.New(spinner.WithSpinner(spinner.MiniDot)), list: newKeyList()},
		front:   connectingScreen{},
		help:    h,
		listing: listing{touched: map[string]bool{}},
	}
	m.list.clock, m.list.maxAge = cfg.Now, cfg.MaxAge
	m.list.sessionKey = sessionKeyOf(cfg.Service)
	m.awaiting = true
	m.initial = m.startListing()
	m.updateKeymap()
	return m
}

// Init implements tea.Model: fetch the account and the first page of keys at
// once, so the first keys are on screen after one round trip, not two.
func (m Model) Init() tea.Cmd {
	return tea.Batch(fetchAccountCmd(m.ctx, m.cfg.Service), m.initial)
}

// state is the screen in front.
func (m *Model) state() state { return m.front.id() }

// Update implements tea.Model. The order is fixed: ctrl+c, sizes, keys for
// the screen in front, then results and timers, whichever screen is showing.
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
	if _, anyKey := m.front.(everyKeyQuits); m.tooSmall() && !anyKey {
		if key.Matches(msg, m.keys.Quit) {
			return m.quit()
		}
		return m, nil
	}
	if key.Matches(msg, m.keys.Quit) { // enabled only where nothing takes text
		return m.quit()
	}
	if m.busy != "" {
		return m, nil // the screen waits for its request's result
	}
	return m.toFront(msg)
}

// toFront gives msg to the screen in front and acts on what it asks.
func (m Model) toFront(msg tea.Msg) (Model, tea.Cmd) {
	s, cmd, in := m.front.update(&m.shared, msg)
	m.front = s
	return m.apply(in, cmd)
}

func (m Model) quit() (Model, tea.Cmd) {
	m.quitting = true
	m.drop()
	return m, tea.Quit
}

// drop stops the listing and forgets what the screens held (a new key's
// secret, a typed one). Quitting does it, and so does Run when the program
// ends without a last Update (a signal, a cancelled context).
func (m *Model) drop() {
	m.listing.stopNow()
	if d, ok := m.front.(dropper); ok {
		d.drop()
	}
	m.front = listScreen{} // the one screen that holds nothing of its own
}

func (m *Model) spinning() bool {
	s, ok := m.front.(spinning)
	return m.busy != "" || m.list.loading || ok && s.spinning()
}

func (m *Model) tooSmall() bool { return m.width < minWidth || m.height < minHeight }

// View implements tea.Model.
func (m Model) View() string {
	switch {
	case m.quitting || m.width == 0:
		return ""
	case m.tooSmall():
		return tooSmallView(m.width, m.height)
	}
	return m.header + "\n" + fitLines(m.front.view(&m.shared), m.bodyHeight) + "\n" + m.footer
}

// tooSmallView says what size is needed, within the terminal it has.
func tooSmallView(w, h int) string {
	text := fmt.Sprintf("Terminal too small (need %dx%d, have %dx%d)", minWidth, minHeight, w, h)
	return fitLines(ansi.Wrap(text, w, ""), h)
}
