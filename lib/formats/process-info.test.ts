import { describe, expect, it } from "vitest";
import { parse } from "../erlang-term";
import { ancestorsFromText, canonicalPid, keyValues, mfaFromText, mfaText, mucServiceOf, nameFromText } from "./process-info";

describe("process facts from text and terms", () => {
  it.each([
    ["{proc_lib,init_p,5}", "proc_lib:init_p/5"],
    ["{'Elixir.Postgrex.Protocol',recv_bind,3}", "Elixir.Postgrex.Protocol:recv_bind/3"],
    ["{gen,do_call,[a,b,c,d]}", "gen:do_call/4"],
    ["undefined", null],
    ["[]", null],
  ])("mfaText(%s) → %s", (text, expected) => expect(mfaText(parse(text))).toBe(expected));

  it.each([
    ["gen:do_call/4", "gen:do_call/4"],
    ["{gen_server,loop,7}", "gen_server:loop/7"],
    ["{'mod_muc_room',init,1}", "mod_muc_room:init/1"],
    ["  undefined ", null],
  ])("mfaFromText(%s) → %s", (text, expected) => expect(mfaFromText(text)).toBe(expected));

  it.each([
    ["rex", "rex"],
    ["'mod_muc_room_sup_x.org'", "mod_muc_room_sup_x.org"],
    ["[]", null],
    ["", null],
  ])("nameFromText(%j) → %s", (text, expected) => expect(nameFromText(text)).toBe(expected));

  it.each([
    ["<0.1.0>", "<0.1.0>"],
    ["#PID<10038.294.0>", "<10038.294.0>"],
    ["<0.01.0>", "<0.1.0>"],
    ["rex", null],
  ])("canonicalPid(%s) → %s", (text, expected) => expect(canonicalPid(text)).toBe(expected));

  it.each([
    [["mod_muc_room_sup_Conference.Example.org", "ejabberd_sup"], "conference.example.org"],
    [["mod_muc_sup_livechat.example.org"], "livechat.example.org"],
    [["ejabberd_mod_muc_sup_muc.example.net"], "muc.example.net"],
    [["ejabberd_sup", "<0.1.0>"], null],
  ] as [string[], string | null][])("mucServiceOf(%j) → %s", (ancestors, expected) => expect(mucServiceOf(ancestors)).toBe(expected));

  it("splits key = value lists at top-level commas only", () => {
    expect(Object.fromEntries(keyValues("msgs = 3, ancestors = [<0.1.0>,'a,b',c], initial_call = m:f/1"))).toEqual({
      msgs: "3",
      ancestors: "[<0.1.0>,'a,b',c]",
      initial_call: "m:f/1",
    });
    expect(ancestorsFromText("[<0.5004.3>,mod_bosh_r2webusers,'mod_muc_sup_x.org']")).toEqual(["<0.5004.3>", "mod_bosh_r2webusers", "mod_muc_sup_x.org"]);
  });
});
