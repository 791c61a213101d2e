/**
 * families of disease-cure and drug-sale wording that real cases phrase without the listed
 * cure words (a disease and its 克星, 不用开刀, 针对…人群, 是药三分毒…我们这个不一样, symptom lists
 * for older viewers, longevity recipes, stones and uric acid, travel sickness, prescription drugs
 * sold without the slip, STD medicines, palace-formula pills for men). Every sentence is written
 * for this test: claims that the named entry must report, and ordinary neighbours that it must not.
 */
import { describe, expect, it } from "vitest";
import type { Item } from "../src/types.js";
import { shippedEngine } from "./support/engine.js";
import { describeFamilies, type Family } from "./support/families.js";

let n = 0;
const caption = (text: string): Item => ({ id: `f1-${++n}`, channel: "caption", text });

const families: Family[] = [
  {
    family: "the knife or the hospital spared",
    entry: "efficacy.no-surgery",
    hit: ["胆结石的别去挨一刀了，喝这个茶慢慢排", "痔疮不用动手术，坐浴粉泡一泡"],
    clean: ["挂号在手机上约，不用去医院排队", "这台按摩椅放客厅，不用去按摩店", "医生说我的腰椎间盘突出没必要做手术，多休息就行"],
  },
  {
    family: "stones and crystals dissolved or passed",
    entry: "efficacy.stone-dissolve",
    hit: ["肾结石的喝上半个月，结石都冲出来了", "这包茶排石化石，痛风的必备"],
    clean: ["蜂蜜放冰箱会结晶，是正常的", "这款结晶盐腌肉很入味"],
  },
  {
    family: "patients as the product's target",
    entry: "efficacy.target-patients",
    hit: ["专为糖尿病人群研制的杂粮面", "这个坐垫是为腰椎问题研发的"],
    clean: ["专为小户型设计的折叠桌", "针对敏感肌人群的洗面奶，温和不刺激"],
  },
  {
    family: "medicine called poison, the product set apart",
    entry: "efficacy.drug-toxicity-contrast",
    hit: ["是药三分毒谁都懂，咱们这款就不伤身", "化学药吃久了伤胃，咱家这个就不伤"],
    clean: ["是药三分毒，吃药前要看说明书"],
  },
  {
    family: "warning signs of a grave illness sold against",
    entry: "efficacy.disease-omen-pitch",
    hit: ["早上起来手抖小心是帕金森的信号，咱们这个先喝上"],
    clean: ["说话含糊可能是中风前兆，要马上打120"],
  },
  {
    family: "symptom lists pitched to older viewers",
    entry: "efficacy.elder-symptom-pitch",
    hit: ["爸妈经常耳鸣眼花、腿软乏力的，给他们安排上这个"],
    clean: ["老人家耳鸣眼花的话，要去医院检查一下"],
  },
  {
    family: "every problem of the skin or body gone",
    entry: "efficacy.problems-farewell",
    hit: ["身体的小毛病统统消失，全靠这一杯"],
    clean: ["换了新路由器，网络问题统统解决"],
  },
  {
    family: "a result guaranteed to every buyer",
    entry: "efficacy.conditional-guarantee",
    hit: ["脸上有斑就祛斑，没斑就美白，一瓶就够", "给狗子戴上，保你一整个夏天不长蜱虫"],
    clean: ["防晒一定要每天涂", "不敢保证狗狗不生病，只是驱虫"],
  },
  {
    family: "longevity recipes",
    entry: "efficacy.longevity-recipe",
    hit: ["唐朝传下来的延寿秘方，泡水喝"],
    clean: ["我们在健康长寿方面做了很多科普"],
  },
  {
    family: "jewellery said to do the body good",
    entry: "efficacy.wearable-health",
    hit: ["银手镯长期戴着能调理身体"],
    clean: ["这条项链长期戴也不掉色"],
  },
  {
    family: "urination and the prostate restored",
    entry: "efficacy.urination-youth",
    hit: ["大哥们坚持泡脚，小便跟年轻时候一样有劲", "用了以后尿急没了"],
    clean: ["宝宝尿尿的时候记得换尿布"],
  },
  {
    family: "travel sickness gone",
    entry: "efficacy.motion-sickness-story",
    hit: ["以前一坐船就晕船，戴上这个再也不晕了", "我家孩子晕机，闻了这个再也没吐过"],
    clean: ["晕船的话可以站在甲板上吹吹风"],
  },
  {
    family: "a prescription veterinary drug sold straight",
    entry: "prohibited.vet-rx-bypass",
    hit: ["这瓶是兽用处方药，咱们这儿随便拍"],
    clean: ["兽用处方药要凭兽医处方，请去宠物医院"],
  },
  {
    family: "the doctor's slip done without",
    entry: "prohibited.no-prescription",
    hit: ["这款消炎药膏药房要开方才给，在这里直接拍"],
    clean: ["洗牙要医生开单子，这个牙刷直接拍就行"],
  },
  {
    family: "medicines for sexually transmitted diseases",
    entry: "prohibited.std-drugs",
    hit: ["性病特效药，拍下隐私发货"],
    clean: ["疱疹这种病要去皮肤科看，别乱买药"],
  },
  {
    family: "palace-formula pills for men",
    entry: "prohibited.male-pill-formula",
    hit: ["祖上传下来的大力丸，男士吃了精神头足"],
    clean: ["男士喝了这杯咖啡提神，上班不困"],
  },
];

describeFamilies("disease and cure families", families, caption);

describe("disease and cure families: more", () => {
  const engine = shippedEngine();
  it("国家免检 is not read as an efficacy claim", () => {
    const cats = engine.review(caption("国家免检的好锅，放心买")).violations.map((v) => v.category);
    expect(cats).not.toContain("false_efficacy");
  });
});
