// Readers and volunteers with realistic Chinese names, card numbers and phones, generated from a
// fixed seed: the same people on every machine.
import type { ReaderStatus } from "../schema.ts";
import { branches } from "./library.ts";
import type { Random } from "./random.ts";

const SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何林高罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘蒋蔡余杜叶程魏苏吕丁任沈姚卢";
const GIVEN = "伟芳娜秀英敏静丽强磊军洋勇艳杰娟涛明超霞平刚桂华玉兰萍红建国文辉鹏飞婷雪琳晨宇浩然欣怡子涵梓轩一诺思远佳雨若曦嘉怡俊杰语桐";

export function chineseName(random: Random): string {
  const surname = random.pick([...SURNAMES]);
  const given = [...GIVEN];
  return random.chance(0.65)
    ? surname + random.pick(given) + random.pick(given)
    : surname + random.pick(given);
}

export function mobilePhone(random: Random): string {
  const prefix = random.pick(["130", "131", "133", "135", "136", "137", "138", "139", "150", "151", "152", "157", "158", "159", "177", "180", "182", "186", "187", "188", "189", "199"]);
  return prefix + String(random.int(0, 99_999_999)).padStart(8, "0");
}

export interface DemoReader {
  card_number: string;
  name: string;
  phone: string | null;
  email: string | null;
  birth_date: string;
  home_branch_code: string;
  status: ReaderStatus;
  registered_at: string;
}

/** Card numbers: 320302 (Gulou district) + branch number + five-digit serial. */
export function demoReaders(random: Random, count: number): DemoReader[] {
  const weights = branches.map((b) => (b.kind === "main" ? 4 : b.kind === "children" ? 2 : 1));
  const total = weights.reduce((a, b) => a + b, 0);
  const serials = new Map<string, number>();
  const readers: DemoReader[] = [];
  for (let i = 0; i < count; i++) {
    let roll = random.next() * total;
    let branchIndex = 0;
    while (roll >= weights[branchIndex]) roll -= weights[branchIndex++];
    const branch = branches[branchIndex];
    const serial = (serials.get(branch.code) ?? 0) + 1;
    serials.set(branch.code, serial);
    const child = branch.kind === "children" || random.chance(0.15);
    const year = child ? random.int(2012, 2021) : random.int(1948, 2006);
    const birth = `${year}-${String(random.int(1, 12)).padStart(2, "0")}-${String(random.int(1, 28)).padStart(2, "0")}`;
    const regYear = random.int(2019, 2026);
    readers.push({
      card_number: `320302${String(branchIndex + 1).padStart(2, "0")}${String(serial).padStart(5, "0")}`,
      name: chineseName(random),
      phone: child && random.chance(0.5) ? null : mobilePhone(random),
      email: random.chance(0.45) ? `reader${String(i + 1).padStart(4, "0")}@example.com` : null,
      birth_date: birth,
      home_branch_code: branch.code,
      status: random.chance(0.06) ? "expired" : random.chance(0.02) ? "suspended" : "active",
      registered_at: `${regYear}-${String(random.int(1, regYear === 2026 ? 10 : 12)).padStart(2, "0")}-${String(random.int(1, 28)).padStart(2, "0")}T02:00:00Z`,
    });
  }
  return readers;
}
