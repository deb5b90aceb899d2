#!/usr/bin/env python3
"""Writes a large synthetic catalog for benchmarks: N stations with M services each.

    generate_catalog.py OUT_DIR [--stations 50] [--services-per-station 100]

Regions and categories are copied from the shipped Catalog/; stations and services are built
from a vocabulary of real service words so that one-, two- and four-character queries hit a
realistic share of the catalog. A test tool, not part of the product.
"""
import argparse
import pathlib
import random
import shutil

PRODUCTS = ["茶叶", "压力表", "电子秤", "家具", "小龙虾", "中药材", "羽绒", "白酒", "蔬菜", "猪肉",
            "人造板", "金属材料", "电子产品", "服装", "竹制品", "油茶", "石斛", "猕猴桃", "温度计", "汽车衡",
            "加油机", "水表", "电能表", "卡尺", "锅炉", "电梯", "动力电池", "食品", "农产品", "饮片"]
ACTIONS = [("检测", "testing"), ("检验", "testing.product"), ("检定", "metrology"), ("校准", "metrology"),
           ("认证咨询", "certification"), ("标准编制", "standards.enterprise"), ("团体标准研制", "standards.group"),
           ("质量诊断", "quality-management"), ("品牌辅导", "brand"), ("专利咨询", "ip"), ("技术改造", "tech-upgrade"),
           ("培训", "training"), ("登记帮办", "registration"), ("农残检测", "testing.agricultural"),
           ("食品安全检测", "testing.food")]
PHRASES = ["依据国家标准", "出具检测报告", "服务小微企业", "上门服务", "农药残留", "重金属", "微生物",
           "计量器具", "质量管理体系", "企业标准", "自我声明", "出口合同", "电商平台", "合作社", "加工企业",
           "测量不确定度", "型式试验", "工厂检查", "地理标志", "商标注册", "数字化", "甲醛释放量", "含水率"]
INDUSTRIES = ["茶叶", "中药材", "小龙虾", "家具", "装备制造", "电子", "食品加工", "纺织", "油茶", "白鹅"]
REGIONS = ["341500", "341502", "341503", "341504", "341522", "341523", "341524", "341525", "341500-etdz"]


def quoted(text):
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("out")
    parser.add_argument("--stations", type=int, default=50)
    parser.add_argument("--services-per-station", type=int, default=100)
    parser.add_argument("--seed", type=int, default=2026)
    args = parser.parse_args()
    rng = random.Random(args.seed)
    root = pathlib.Path(__file__).resolve().parents[2]
    out = pathlib.Path(args.out)
    (out / "stations").mkdir(parents=True, exist_ok=True)
    for name in ("regions.yaml", "categories.yaml"):
        shutil.copy(root / "Catalog" / name, out / name)
    for s in range(args.stations):
        station_id = f"bench-{s:03d}"
        region = REGIONS[s % len(REGIONS)]
        lines = [
            f"id: {station_id}",
            f"name: 测试服务站 {s:03d}",
            "kind: " + ("platform" if s == 0 else "county"),
            f"region: {quoted(region)}",
            f"address: 测试路 {s} 号",
            f"phone: 0564-{3000000 + s}",
            "hours:",
            '  - {days: mon-fri, opens: "08:30", closes: "17:30"}',
            "modes: [online, station, onsite]",
            "industries: [" + ", ".join(rng.sample(INDUSTRIES, 3)) + "]",
            "capacity: 50",
            "services:",
        ]
        for n in range(args.services_per_station):
            product = rng.choice(PRODUCTS)
            action, category = rng.choice(ACTIONS)
            description = "，".join(rng.sample(PHRASES, 4)) + f"，{product}{action}。"
            keywords = rng.sample(PRODUCTS + PHRASES, 4)
            low = rng.randrange(0, 2000, 10)
            lines += [
                f"  - code: B{s:03d}-{n:04d}",
                f"    category: {category}",
                f"    name: {product}{action}",
                f"    description: {description}",
                "    keywords: [" + ", ".join(keywords) + "]",
                f"    fee: {{free: false, description: 每样 {low} 元起, min_cny: {low}, max_cny: {low + 500}, charged_by: 第{s}检测所}}",
                f"    turnaround_days: {rng.randint(1, 30)}",
                "    modes: [" + ", ".join(sorted(rng.sample(["online", "station", "onsite"], rng.randint(1, 3)))) + "]",
            ]
            if rng.random() < 0.3:
                lines.append(f"    accreditations: [{{mark: CMA, number: SAMPLE-CMA-{s:03d}-{n:04d}}}]")
        (out / "stations" / f"{station_id}.yaml").write_text("\n".join(lines) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
