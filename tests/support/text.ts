const CJK = "图书修补阅读推广志愿服务鼓楼分馆少儿亲子绘本整架引导读者非遗诵读经典分享申请已收到面试培训聘任";

/** Chinese text of exactly `length` characters (3 UTF-8 bytes each), starting `offset` into the cycle. */
export function cjk(length: number, offset = 0): string {
  let s = "";
  for (let i = 0; i < length; i++) s += CJK[(i + offset) % CJK.length];
  return s;
}
