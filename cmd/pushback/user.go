package main

import (
	"bufio"
	"context"
	"fmt"
	"strings"
	"text/tabwriter"

	"github.com/spf13/cobra"

	"github.com/pushback-coach/pushback/auth"
	"github.com/pushback-coach/pushback/store"
)

func init() { register(newUserCmd) }

func newUserCmd(e *env) *cobra.Command {
	c := &cobra.Command{
		Use:   "user add|list|passwd",
		Short: "Manage the team server's accounts",
		Long: `Manage the team server's accounts from the machine it runs on (this works on
the database directly, so it also creates the first admin).`,
	}
	c.AddCommand(newUserAddCmd(e), newUserListCmd(e), newUserPasswdCmd(e))
	return c
}

func newUserAddCmd(e *env) *cobra.Command {
	var (
		dbf           dbFlags
		role, name    string
		teams         []string
		passwordStdin bool
	)
	c := &cobra.Command{
		Use:   "add USERNAME --role admin|manager|rep [--name NAME] [--team TEAM]... [--password-stdin]",
		Short: "Add a user (prints a generated password unless --password-stdin)",
		Long: `Add a user. Roles: admin (everything), manager (the reps and calls of the teams
they manage: --team, repeatable, created if needed), rep (their own calls and
practice; --team puts them in a team). A rep's name should be the speaker name
in their calls' transcripts (Dana Reyes), so their calls become theirs.`,
		Example: `  pushback user add ada --role admin
  pushback user add erin --role manager --name "Erin East" --team East
  echo 'a long passphrase' | pushback user add dana --role rep --name "Dana Reyes" --team East --password-stdin`,
		Args: cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			r := store.Role(role)
			if !r.Valid() {
				return usagef("--role %q: expected admin, manager or rep", role)
			}
			if r == store.RoleRep && len(teams) > 1 {
				return usagef("--team: a rep is in one team")
			}
			if r == store.RoleAdmin && len(teams) > 0 {
				return usagef("--team: admins are not in teams")
			}
			password, generated, err := readPassword(e, passwordStdin)
			if err != nil {
				return err
			}
			hash, err := auth.HashPassword(password)
			if err != nil {
				return err
			}
			ctx := context.Background()
			db, err := dbf.open(ctx)
			if err != nil {
				return err
			}
			defer db.Close()
			var u store.User
			err = db.Tx(ctx, func(tx *store.Tx) error {
				var err error
				if u, err = store.CreateUser(ctx, tx, store.NewUser{Username: args[0], Name: name, Role: r, PasswordHash: hash}); err != nil {
					return err
				}
				var ids []int64
				for _, t := range teams {
					team, err := store.EnsureTeam(ctx, tx, t)
					if err != nil {
						return err
					}
					ids = append(ids, team.ID)
				}
				switch {
				case r == store.RoleManager:
					return store.SetManagedTeams(ctx, tx, u.ID, ids)
				case r == store.RoleRep && len(ids) == 1:
					return store.SetRepTeam(ctx, tx, *u.RepID, &ids[0])
				}
				return nil
			})
			if err != nil {
				return err
			}
			fmt.Fprintf(e.stdout, "added %s %s (%s)", u.Role, u.Username, u.Name)
			if len(teams) > 0 {
				fmt.Fprintf(e.stdout, " in %s", strings.Join(teams, ", "))
			}
			fmt.Fprintln(e.stdout)
			if generated {
				fmt.Fprintf(e.stdout, "password: %s\n", password)
			}
			return nil
		},
	}
	dbf.register(c)
	c.Flags().StringVar(&role, "role", "", "admin, manager or rep")
	c.Flags().StringVar(&name, "name", "", "the person's name (for reps: as it appears in transcripts)")
	c.Flags().StringArrayVar(&teams, "team", nil, "team (repeatable for managers; created if needed)")
	c.Flags().BoolVar(&passwordStdin, "password-stdin", false, "read the password from the first line of standard input")
	_ = c.MarkFlagRequired("role")
	_ = c.RegisterFlagCompletionFunc("role", fixedCompletion("admin", "manager", "rep"))
	return c
}

func newUserPasswdCmd(e *env) *cobra.Command {
	var (
		dbf           dbFlags
		passwordStdin bool
	)
	c := &cobra.Command{
		Use:   "passwd USERNAME [--password-stdin]",
		Short: "Set a user's password (prints a generated one unless --password-stdin) and sign them out everywhere",
		Args:  cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			password, generated, err := readPassword(e, passwordStdin)
			if err != nil {
				return err
			}
			hash, err := auth.HashPassword(password)
			if err != nil {
				return err
			}
			ctx := context.Background()
			db, err := dbf.open(ctx)
			if err != nil {
				return err
			}
			defer db.Close()
			err = db.Tx(ctx, func(tx *store.Tx) error {
				u, err := store.GetUserByUsername(ctx, tx, args[0])
				if err != nil {
					return err
				}
				if _, err := store.UpdateUser(ctx, tx, u.ID, store.UserUpdate{PasswordHash: &hash}); err != nil {
					return err
				}
				return store.DeleteUserSessions(ctx, tx, u.ID)
			})
			if err != nil {
				return err
			}
			fmt.Fprintf(e.stdout, "password of %s changed\n", store.NormalizeUsername(args[0]))
			if generated {
				fmt.Fprintf(e.stdout, "password: %s\n", password)
			}
			return nil
		},
	}
	dbf.register(c)
	c.Flags().BoolVar(&passwordStdin, "password-stdin", false, "read the password from the first line of standard input")
	return c
}

// readPassword reads one line from stdin, or generates a password.
func readPassword(e *env, fromStdin bool) (password string, generated bool, err error) {
	if !fromStdin {
		return auth.RandomCode() + auth.RandomCode(), true, nil
	}
	line, err := bufio.NewReader(e.stdin).ReadString('\n')
	if err != nil && line == "" {
		return "", false, usagef("--password-stdin: no password on standard input")
	}
	password = strings.TrimRight(line, "\r\n")
	if err := auth.CheckPasswordRules(password); err != nil {
		return "", false, err
	}
	return password, false, nil
}

func newUserListCmd(e *env) *cobra.Command {
	var dbf dbFlags
	c := &cobra.Command{
		Use:   "list",
		Short: "List the users",
		Args:  cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			ctx := context.Background()
			db, err := dbf.open(ctx)
			if err != nil {
				return err
			}
			defer db.Close()
			users, err := store.ListUsers(ctx, db, store.All)
			if err != nil {
				return err
			}
			teams, err := store.ListTeams(ctx, db, store.All)
			if err != nil {
				return err
			}
			teamName := map[int64]string{}
			for _, t := range teams {
				teamName[t.ID] = t.Name
			}
			tw := tabwriter.NewWriter(e.stdout, 0, 4, 2, ' ', 0)
			fmt.Fprintln(tw, "ID\tUSERNAME\tNAME\tROLE\tTEAMS")
			for _, u := range users {
				var names []string
				for _, id := range u.TeamIDs {
					names = append(names, teamName[id])
				}
				fmt.Fprintf(tw, "%d\t%s\t%s\t%s\t%s\n", u.ID, u.Username, u.Name, u.Role, strings.Join(names, ", "))
			}
			return tw.Flush()
		},
	}
	dbf.register(c)
	return c
}
