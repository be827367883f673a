import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { sampleWard } from '../helpers/cli.js';

const overlaps = (a: { start_time: string; end_time: string }, b: { start_time: string; end_time: string }) => a.start_time < b.end_time && b.start_time < a.end_time;

describe('kyodo matches list|accept|decline --kind facilities|resources on the sample ward', () => {
  let ward: ReturnType<typeof sampleWard>;
  const run = (args: string[]) => ward.run(args);
  beforeAll(() => {
    ward = sampleWard();
    expect(ward.init.code).toBe(3);
  });

  it('rooms: save, list, accept books the room, the next run no longer offers the slot, a double booking is refused', () => {
    const saved = run(['--json', 'match', 'facilities', '--as-of', '2026-04-01', '--save']).json();
    expect(saved.run_id).toBeGreaterThan(0);
    const listed = run(['--json', 'matches', 'list', '--kind', 'facilities', '--status', 'proposed']);
    expect(listed.code).toBe(0);
    const proposals = listed.json().proposals;
    expect(listed.json().kind).toBe('facilities');
    expect(proposals.map((p: any) => p.request_id)).toEqual(saved.proposals.map((p: any) => p.request_id));
    const [p1, p2, p3] = proposals;
    expect(p1).toMatchObject({ run_id: saved.run_id, status: 'proposed', facility_id: saved.proposals[0].facility_id, room: saved.proposals[0].room });
    const table = run(['matches', 'list', '--kind', 'facilities', '--run', String(saved.run_id)]);
    expect(table.stdout).toContain('proposal_id');
    expect(table.stdout).toContain(p1.request_id);

    const accepted = run(['matches', 'accept', '--kind', 'facilities', String(p1.proposal_id)]);
    expect(accepted.code).toBe(0);
    expect(accepted.stdout).toBe(`1 room proposal(s) accepted (booked)\n  #${p1.proposal_id} ${p1.request_id} (${p1.org_id}) ${p1.facility_name} ${p1.room} (${p1.facility_id}) ${p1.date} ${p1.start_time}–${p1.end_time}\n`);
    const booking = run(['--json', 'list', 'bookings']).json().rows.find((b: any) => b.request_id === p1.request_id);
    expect(booking).toMatchObject({ facility_id: p1.facility_id, room: p1.room, date: p1.date, start_time: p1.start_time, end_time: p1.end_time, status: 'booked', source: 'match' });

    // The next run neither serves that request again nor offers anyone an overlapping slot of that room.
    const next = run(['--json', 'match', 'facilities', '--as-of', '2026-04-01']).json();
    expect(next.proposals.some((p: any) => p.request_id === p1.request_id)).toBe(false);
    expect(next.proposals.some((p: any) => p.facility_id === p1.facility_id && p.room === p1.room && p.date === p1.date && overlaps(p, p1))).toBe(false);
    expect(next.satisfied).toBe(saved.satisfied - 1);

    // Accepting it a second time is refused, exit 1, and names the proposal, room, date and time.
    const twice = run(['matches', 'accept', '--kind', 'facilities', String(p1.proposal_id)]);
    expect(twice.code).toBe(1);
    expect(twice.stderr).toContain(`#${p1.proposal_id} (${p1.request_id}, ${p1.facility_name} ${p1.room} (${p1.facility_id}) on ${p1.date} ${p1.start_time}–${p1.end_time}): is already accepted`);

    // The facility's own system books p2's room after the run: accepting p2 (with p3) would double-book.
    const csv = join(ward.dir, 'late-booking.csv');
    writeFileSync(csv, `施設ID,部屋名,利用日,開始時間,終了時間,予約番号\n${p2.facility_id},${p2.room},${p2.date},${p2.start_time},${p2.end_time},Y09999\n`);
    expect(run(['import', 'bookings', csv]).code).toBe(0);
    const clash = run(['matches', 'accept', '--kind', 'facilities', String(p3.proposal_id), String(p2.proposal_id)]);
    expect(clash.code).toBe(1);
    expect(clash.stdout).toBe('');
    expect(clash.stderr).toContain(`error: nothing changed: #${p2.proposal_id} (${p2.request_id}): ${p2.facility_name} ${p2.room} (${p2.facility_id}) on ${p2.date} ${p2.start_time}–${p2.end_time} would double-book the room, already taken by booking ${p2.start_time}–${p2.end_time} Y09999`);
    const ja = run(['--lang', 'ja', 'matches', 'accept', '--kind', 'facilities', String(p2.proposal_id)]);
    expect(ja.code).toBe(1);
    expect(ja.stderr).toContain(`エラー: 変更していません: 提案 #${p2.proposal_id}（${p2.request_id}）: ${p2.facility_name} ${p2.room} (${p2.facility_id}) ${p2.date} ${p2.start_time}〜${p2.end_time} はすでに予約 ${p2.start_time}〜${p2.end_time}（予約番号 Y09999）で埋まっており、二重予約になります`);
    // Nothing changed: p3 (which was fine) is still proposed, and neither got a booking.
    const after = run(['--json', 'matches', 'list', '--kind', 'facilities']).json().proposals;
    expect(after.filter((p: any) => p.status === 'accepted').map((p: any) => p.proposal_id)).toEqual([p1.proposal_id]);
    expect(after.find((p: any) => p.proposal_id === p3.proposal_id).status).toBe('proposed');
    expect(run(['--json', 'list', 'bookings']).json().rows.filter((b: any) => b.request_id === p2.request_id || b.request_id === p3.request_id)).toEqual([]);

    // Declining is recorded; the next saved run does not propose that room to that request again.
    const declined = run(['--json', 'matches', 'decline', '--kind', 'facilities', String(p3.proposal_id), '--note', '駅から遠い']);
    expect(declined.code).toBe(0);
    expect(declined.json().proposals).toEqual([expect.objectContaining({ proposal_id: p3.proposal_id, status: 'declined', note: '駅から遠い' })]);
    const again = run(['--json', 'match', 'facilities', '--as-of', '2026-04-01', '--save']).json();
    const p3again = again.proposals.find((p: any) => p.request_id === p3.request_id);
    expect(p3again === undefined || `${p3again.facility_id} ${p3again.room}` !== `${p3.facility_id} ${p3.room}`).toBe(true);
    expect(run(['--json', 'matches', 'list', '--kind', 'facilities', '--status', 'superseded']).json().proposals.map((p: any) => p.proposal_id)).toContain(p2.proposal_id);
  });

  it('resources: accept takes the units off the offer and the request; decline is never proposed again', () => {
    const saved = run(['--json', 'match', 'resources', '--as-of', '2026-04-01', '--save']).json();
    const allocations = run(['--json', 'matches', 'list', '--kind', 'resources', '--status', 'proposed']).json().allocations;
    expect(allocations).toHaveLength(saved.allocations.length);
    const a1 = allocations.find((a: any) => a.quantity >= 2);
    const a2 = allocations.find((a: any) => a.offer_id !== a1.offer_id && a.request_id !== a1.request_id);
    const ok = run(['matches', 'accept', '--kind', 'resources', String(a1.allocation_id)]);
    expect(ok.code).toBe(0);
    expect(ok.stdout).toBe(`1 allocation(s) accepted\n  #${a1.allocation_id} ${a1.offer_id} → ${a1.request_id} (${a1.org_id}) ${a1.category} ${a1.item} ${a1.quantity}${a1.unit}\n`);
    expect(run(['matches', 'decline', '--kind', 'resources', String(a2.allocation_id)]).code).toBe(0);
    const offer = run(['--json', 'list', 'offers']).json().rows.find((o: any) => o.offer_id === a1.offer_id);
    const need = run(['--json', 'list', 'needs']).json().rows.find((q: any) => q.request_id === a1.request_id);
    const next = run(['--json', 'match', 'resources', '--as-of', '2026-04-01']).json();
    const sum = (pred: (a: any) => boolean) => next.allocations.filter(pred).reduce((n: number, a: any) => n + a.quantity, 0);
    expect(sum((a) => a.offer_id === a1.offer_id)).toBeLessThanOrEqual(offer.quantity - a1.quantity);
    expect(sum((a) => a.request_id === a1.request_id)).toBeLessThanOrEqual(need.quantity - a1.quantity);
    expect(next.allocations.some((a: any) => a.offer_id === a2.offer_id && a.request_id === a2.request_id)).toBe(false);
    const twice = run(['--lang', 'ja', 'matches', 'accept', '--kind', 'resources', String(a1.allocation_id)]);
    expect(twice.code).toBe(1);
    expect(twice.stderr).toContain(`配分 #${a1.allocation_id}（${a1.offer_id} → ${a1.request_id} ${a1.quantity}${a1.unit}）: すでに受入決定です`);
  });

  it('usage: filters that do not fit the kind, and bad IDs, exit 2', () => {
    expect(run(['matches', 'list', '--kind', 'facilities', '--volunteer', 'V001']).code).toBe(2);
    expect(run(['matches', 'list', '--kind', 'resources', '--status', 'completed']).code).toBe(2);
    expect(run(['matches', 'accept', '--kind', 'rooms', '1']).code).toBe(2);
    expect(run(['matches', 'accept', '--kind', 'facilities', 'BR0001']).code).toBe(2);
    expect(run(['matches', 'accept', '--help']).stdout).toMatch(/Examples:[\s\S]*--kind facilities/);
  });
});
