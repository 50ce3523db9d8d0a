package main

import (
	"io"
	"regexp"
	"strings"

	"github.com/spf13/cobra"
	"github.com/spf13/pflag"

	"dutyroster/roster"
	"dutyroster/roster/msg"
)

// scanLang finds --lang on a command line before the commands are built, so that their help is
// in the right language.
func scanLang(args []string) string {
	for i, a := range args {
		if a == "--" {
			break
		}
		if v, ok := strings.CutPrefix(a, "--lang="); ok {
			return v
		}
		if a == "--lang" && i+1 < len(args) {
			return args[i+1]
		}
	}
	return ""
}

// printf writes a message in the user's language.
func (env *Env) printf(w io.Writer, format string, args ...any) {
	env.lang.Fprintf(w, format, args...)
}

// sprintf formats a message in the user's language.
func (env *Env) sprintf(format string, args ...any) string {
	return env.lang.Sprintf(format, args...)
}

// setLangFromFlag follows a command's own --lang (documents, views) for its messages too.
func setLangFromFlag(env *Env, cmd *cobra.Command) error {
	f := cmd.Flags().Lookup("lang")
	if f == nil {
		return nil
	}
	if !f.Changed {
		// What a person reads on the terminal follows their language; the documents of export
		// and plan stay Vietnamese unless asked.
		if followsLang[cmd.Name()] && cmd.Flags().Lookup("lang") != cmd.Root().PersistentFlags().Lookup("lang") {
			return f.Value.Set(string(env.lang))
		}
		return nil
	}
	l, ok := msg.Parse(f.Value.String())
	if !ok {
		return roster.Errorf(roster.EINVALID, "unknown --lang %q; use vi or en", f.Value.String())
	}
	env.lang = l
	return nil
}

// followsLang are the commands whose own --lang defaults to the user's language.
var followsLang = map[string]bool{"now": true, "my": true, "next": true, "holidays": true}

// translateHelp puts every command's help, flag descriptions and the help layout in the
// language.
func translateHelp(root *cobra.Command, l msg.Lang) {
	root.InitDefaultCompletionCmd()
	var walk func(c *cobra.Command)
	walk = func(c *cobra.Command) {
		c.InitDefaultHelpFlag()
		c.Short = l.T(c.Short)
		c.Long = l.T(c.Long)
		c.Example = l.T(c.Example)
		for _, fs := range []*pflag.FlagSet{c.LocalNonPersistentFlags(), c.PersistentFlags()} {
			fs.VisitAll(func(f *pflag.Flag) {
				if f.Name == "help" {
					f.Usage = l.Sprintf("help for %s", c.Name())
					return
				}
				f.Usage = l.T(f.Usage)
				if f.Annotations[officerAnnotation] != nil {
					f.Usage += l.T(officerHint)
				}
			})
		}
		for _, sub := range c.Commands() {
			walk(sub)
		}
	}
	root.InitDefaultHelpCmd()
	walk(root)
	if l == msg.VI {
		cobra.AddTemplateFunc("mặcĐịnh", func(s string) string { return strings.ReplaceAll(s, "(default ", "(mặc định ") })
		root.SetUsageTemplate(usageVI)
	}
}

// usageVI is cobra's usage layout in Vietnamese.
const usageVI = `Cách dùng:{{if .Runnable}}
  {{.UseLine}}{{end}}{{if .HasAvailableSubCommands}}
  {{.CommandPath}} [lệnh]{{end}}{{if gt (len .Aliases) 0}}

Tên khác:
  {{.NameAndAliases}}{{end}}{{if .HasExample}}

Ví dụ:
{{.Example}}{{end}}{{if .HasAvailableSubCommands}}

Các lệnh:{{range .Commands}}{{if (or .IsAvailableCommand (eq .Name "help"))}}
  {{rpad .Name .NamePadding }} {{.Short}}{{end}}{{end}}{{end}}{{if .HasAvailableLocalFlags}}

Tùy chọn:
{{.LocalFlags.FlagUsages | trimTrailingWhitespaces | mặcĐịnh}}{{end}}{{if .HasAvailableInheritedFlags}}

Tùy chọn chung:
{{.InheritedFlags.FlagUsages | trimTrailingWhitespaces | mặcĐịnh}}{{end}}{{if .HasHelpSubCommands}}

Chủ đề khác:{{range .Commands}}{{if .IsAdditionalHelpTopicCommand}}
  {{rpad .CommandPath .CommandPathPadding}} {{.Short}}{{end}}{{end}}{{end}}{{if .HasAvailableSubCommands}}

Gõ "{{.CommandPath}} [lệnh] --help" để xem hướng dẫn của từng lệnh.{{end}}
`

// flagErrors are the command-line library's own messages, matched to be said in the language.
var flagErrors = []struct {
	re     *regexp.Regexp
	format string
}{
	{regexp.MustCompile(`^unknown flag: (.+)$`), "unknown flag: %s"},
	{regexp.MustCompile(`^unknown shorthand flag: '(.)' in (.+)$`), "unknown shorthand flag: '%s' in %s"},
	{regexp.MustCompile(`^flag needs an argument: (.+)$`), "flag needs an argument: %s"},
	{regexp.MustCompile(`^invalid argument "(.*)" for "(.+)" flag: .*$`), "invalid value %q for %s"},
	{regexp.MustCompile(`^unknown command "(.+)" for "(.+)"$`), "unknown command %q for %q"},
}

// flagError says a command-line error in the language.
func flagError(l msg.Lang, err error) error {
	s := err.Error()
	for _, fe := range flagErrors {
		if m := fe.re.FindStringSubmatch(s); m != nil {
			args := make([]any, len(m)-1)
			for i := range args {
				args[i] = m[i+1]
			}
			return roster.Errorf(roster.EINVALID, fe.format, args...)
		}
	}
	return err
}

// errorText is an error as the user reads it: a domain error in the language, others as they are.
func errorText(l msg.Lang, err error) string {
	if f, ok := err.(msg.Formatted); ok {
		if format, args := f.MsgFormat(); format != "" {
			return l.Sprintf(format, args...)
		}
	}
	return err.Error()
}
