package main

import (
	"context"
	"fmt"
	"strconv"
	"text/tabwriter"
	"time"

	"github.com/spf13/cobra"

	"github.com/pushback-coach/pushback/auth"
	"github.com/pushback-coach/pushback/store"
)

func init() { register(newTokenCmd) }

func newTokenCmd(e *env) *cobra.Command {
	c := &cobra.Command{
		Use:   "token create|list|revoke",
		Short: "Manage API tokens for machines (a recorder's webhook)",
		Long: `Manage API tokens. A token is sent as "Authorization: Bearer pbk_..." and acts as
its user; scope ingest (the default) may only upload calls (POST /api/v1/calls),
scope full may do what its user may. Only a hash of each token is stored: the
secret is shown once, when it is created.`,
	}
	c.AddCommand(newTokenCreateCmd(e), newTokenListCmd(e), newTokenRevokeCmd(e))
	return c
}

func newTokenCreateCmd(e *env) *cobra.Command {
	var (
		dbf               dbFlags
		user, name, scope string
	)
	c := &cobra.Command{
		Use:     "create --user USERNAME --name NAME [--scope ingest|full]",
		Short:   "Create a token and print its secret",
		Example: `  pushback token create --user erin --name zoom-recorder`,
		Args:    cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			if err := oneOf("scope", scope, store.ScopeIngest, store.ScopeFull); err != nil {
				return err
			}
			ctx := context.Background()
			db, err := dbf.open(ctx)
			if err != nil {
				return err
			}
			defer db.Close()
			u, err := store.GetUserByUsername(ctx, db, user)
			if err != nil {
				return err
			}
			secret, prefix, hash, err := auth.NewToken()
			if err != nil {
				return err
			}
			t, err := store.CreateToken(ctx, db, store.Token{UserID: u.ID, Name: name, Scope: scope, Prefix: prefix, Hash: hash})
			if err != nil {
				return err
			}
			fmt.Fprintf(e.stderr, "pushback: token %d (%s, scope %s) for %s; the secret is shown only now:\n", t.ID, t.Name, t.Scope, u.Username)
			fmt.Fprintln(e.stdout, secret)
			return nil
		},
	}
	dbf.register(c)
	c.Flags().StringVar(&user, "user", "", "the user the token acts as")
	c.Flags().StringVar(&name, "name", "", "what the token is for")
	c.Flags().StringVar(&scope, "scope", store.ScopeIngest, "ingest (upload calls only) or full")
	_ = c.MarkFlagRequired("user")
	_ = c.MarkFlagRequired("name")
	_ = c.RegisterFlagCompletionFunc("scope", fixedCompletion(store.ScopeIngest, store.ScopeFull))
	return c
}

func newTokenListCmd(e *env) *cobra.Command {
	var (
		dbf  dbFlags
		user string
	)
	c := &cobra.Command{
		Use:   "list [--user USERNAME]",
		Short: "List tokens (not their secrets)",
		Args:  cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			ctx := context.Background()
			db, err := dbf.open(ctx)
			if err != nil {
				return err
			}
			defer db.Close()
			var owner int64
			if user != "" {
				u, err := store.GetUserByUsername(ctx, db, user)
				if err != nil {
					return err
				}
				owner = u.ID
			}
			tokens, err := store.ListTokens(ctx, db, owner)
			if err != nil {
				return err
			}
			users, err := store.ListUsers(ctx, db, store.All)
			if err != nil {
				return err
			}
			username := map[int64]string{}
			for _, u := range users {
				username[u.ID] = u.Username
			}
			tw := tabwriter.NewWriter(e.stdout, 0, 4, 2, ' ', 0)
			fmt.Fprintln(tw, "ID\tPREFIX\tNAME\tUSER\tSCOPE\tCREATED\tLAST USED\tREVOKED")
			for _, t := range tokens {
				fmt.Fprintf(tw, "%d\t%s...\t%s\t%s\t%s\t%s\t%s\t%s\n", t.ID, t.Prefix, t.Name, username[t.UserID], t.Scope,
					t.CreatedAt.Format(time.DateOnly), maybeTime(t.LastUsedAt), maybeTime(t.RevokedAt))
			}
			return tw.Flush()
		},
	}
	dbf.register(c)
	c.Flags().StringVar(&user, "user", "", "only this user's tokens")
	return c
}

func maybeTime(t *time.Time) string {
	if t == nil {
		return "-"
	}
	return t.Local().Format(time.DateTime)
}

func newTokenRevokeCmd(e *env) *cobra.Command {
	var dbf dbFlags
	c := &cobra.Command{
		Use:   "revoke TOKEN-ID",
		Short: "Revoke a token: it stops working at once",
		Args:  cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			id, err := strconv.ParseInt(args[0], 10, 64)
			if err != nil || id <= 0 {
				return usagef("%q: expected a token id (see pushback token list)", args[0])
			}
			ctx := context.Background()
			db, err := dbf.open(ctx)
			if err != nil {
				return err
			}
			defer db.Close()
			if err := store.RevokeToken(ctx, db, id); err != nil {
				return err
			}
			fmt.Fprintf(e.stdout, "revoked token %d\n", id)
			return nil
		},
	}
	dbf.register(c)
	return c
}
