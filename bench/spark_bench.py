"""Spark benchmark: a synthetic portfolio screened by local `batch` on both cores and by Spark
in local[2] mode; throughput, peak memory of the driver and the workers, and the share of the
workers' time spent loading the index.

    .venv/bin/python bench/spark_bench.py                       # 1,000,000 customers
    .venv/bin/python bench/spark_bench.py --customers 100000 --json out.json

The portfolio is generated from a seed: ordinary names of many countries and scripts (persons
with a birth date and country, and companies), and a sprinkling of listed names with variants
(reordered, lower case, a letter dropped, transliterated). The lists are the bundled samples
(OFAC SDN 2021, OFAC consolidated, UN). Both engines screen the same file and must write the
same hits. Memory is sampled from /proc every 0.2 s over this process and its descendants.
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import random
import tempfile
import threading
import time
from collections.abc import Callable
from importlib import resources
from pathlib import Path
from typing import Any

from watchlist.index.cache import index_file, load_index
from watchlist.model.access import SYSTEM
from watchlist.registry.imports import import_files
from watchlist.screening import Screener
from watchlist.screening.batch import (
    BatchSettings,
    read_queries,
    screen_many,
    write_hits,
)
from watchlist.store.db import Store
from watchlist.store.reads import current_entities

# Ordinary names by country: (country, given names, family names), in the country's script.
POOLS: list[tuple[str, list[str], list[str]]] = [
    (
        "GB",
        "James Oliver Harry George Emily Olivia Amelia Isla Jack Charlotte Thomas Sophie".split(),
        "Smith Jones Taylor Brown Williams Wilson Johnson Davies Robinson Wright Evans".split(),
    ),
    (
        "ES",
        "Lucía Sofía Martina María Hugo Pablo Alejandro Daniel Álvaro Carmen Javier Elena".split(),
        "García Fernández González Rodríguez López Martínez Sánchez Pérez Gómez Ruiz Díaz".split(),
    ),
    (
        "DE",
        "Lukas Leon Finn Jonas Emma Mia Hannah Lena Klaus Jürgen Ursula Sabine".split(),
        "Müller Schmidt Schneider Fischer Weber Meyer Wagner Becker Schulz Hoffmann Koch".split(),
    ),
    (
        "FR",
        "Gabriel Louis Raphaël Jules Adam Léa Chloé Manon Inès Camille Théo Margaux".split(),
        "Martin Bernard Dubois Thomas Robert Richard Petit Durand Leroy Moreau Lefèvre".split(),
    ),
    (
        "TR",
        "Mehmet Mustafa Ahmet Ali Hüseyin Zeynep Elif Ayşe Fatma Emine Yusuf Büşra".split(),
        "Yılmaz Kaya Demir Şahin Çelik Yıldız Yıldırım Öztürk Aydın Özdemir Arslan Doğan".split(),
    ),
    (
        "VN",
        "Anh Minh Huy Khoa Linh Ngọc Phương Thảo Trang Tuấn Dũng Hương".split(),
        "Nguyễn Trần Lê Phạm Hoàng Huỳnh Phan Vũ Võ Đặng Bùi Đỗ".split(),
    ),
    (
        "RU",
        "Александр Дмитрий Максим Сергей Андрей Анна Мария Елена Ольга Татьяна Наталья".split(),
        "Иванов Смирнов Кузнецов Попов Васильев Петров Соколов Михайлов Новиков Фёдоров".split(),
    ),
    (
        "UA",
        "Олександр Андрій Дмитро Іван Оксана Олена Наталія Юлія Тетяна Богдан Мирослава".split(),
        "Мельник Шевченко Бойко Коваленко Бондаренко Ткаченко Кравченко Олійник Лисенко".split(),
    ),
    (
        "EG",
        "محمد أحمد محمود مصطفى علي عمر فاطمة مريم نور سارة يوسف خالد".split(),
        "حسن إبراهيم عبدالله السيد عثمان سليمان الشريف منصور النجار الخطيب".split(),
    ),
    (
        "CN",
        "伟 芳 娜 秀英 敏 静 丽 强 磊 军 洋 勇 艳 杰 涛 明".split(),
        "王 李 张 刘 陈 杨 黄 赵 吴 周 徐 孙 马 朱 胡 郭".split(),
    ),
    (
        "JP",
        "翔 蓮 大翔 陽翔 さくら 結衣 陽菜 美咲 健太 拓也 直樹 由美".split(),
        "佐藤 鈴木 高橋 田中 渡辺 伊藤 山本 中村 小林 加藤 吉田 山田".split(),
    ),
    (
        "KR",
        "민준 서연 도윤 서윤 예준 지우 하준 하은 주원 지호 수빈 현우".split(),
        "김 이 박 최 정 강 조 윤 장 임 한 오".split(),
    ),
    (
        "GR",
        "Γιώργος Κωνσταντίνος Δημήτρης Νίκος Μαρία Ελένη Αικατερίνη Βασιλική Σοφία Ιωάννης".split(),
        "Παπαδόπουλος Παπαδάκης Γεωργίου Οικονόμου Βασιλείου Νικολάου Καραγιάννης Μακρής".split(),
    ),
    (
        "IN",
        "Aarav Vivaan Aditya Arjun Sai Ananya Diya Priya Kavya Rohan Vikram Lakshmi".split(),
        "Sharma Verma Gupta Singh Kumar Patel Reddy Iyer Nair Das Chatterjee Joshi".split(),
    ),
    (
        "IN",
        "राहुल अमित सुनील अनिल पूजा प्रिया नेहा सुनीता राजेश दीपक".split(),
        "शर्मा वर्मा गुप्ता सिंह कुमार यादव मिश्रा तिवारी".split(),
    ),
    (
        "IL",
        "נועה תמר מאיה יוסף דוד משה אברהם שרה רחל אורי".split(),
        "כהן לוי מזרחי פרץ ביטון אברהם פרידמן שפירו".split(),
    ),
    (
        "NG",
        "Chinedu Emeka Ngozi Amaka Tunde Folake Ifeoma Oluwaseun Chiamaka Babajide".split(),
        "Okafor Adeyemi Okonkwo Balogun Eze Nwosu Adebayo Olawale Chukwu Ibrahim".split(),
    ),
    (
        "BR",
        "João Pedro Gabriel Lucas Ana Júlia Beatriz Larissa Mateus Camila Rafael Letícia".split(),
        "Silva Santos Oliveira Souza Rodrigues Ferreira Alves Pereira Lima Gomes Costa".split(),
    ),
]
CJK = {"CN", "JP", "KR"}
COMPANY_WORDS = (
    "Northern Blue Granite Harbour Summit Meadow Silver Oak River Pine Atlas Orion Golden "
    "Pacific Eastern Delta Crescent Phoenix Alpine Coastal United General Star Bridge"
).split()
COMPANY_KINDS = "Trading Logistics Foods Textiles Energy Shipping Consulting Metals Pharma".split()
SUFFIXES = (
    "Ltd",
    "GmbH",
    "S.A.",
    "LLC",
    "Holdings",
    "Co.",
    "AB",
    "Sp. z o.o.",
    "JSC",
    "Pte Ltd",
)


def samples() -> Path:
    return Path(str(resources.files("watchlist") / "data" / "samples"))


def person(rng: random.Random) -> tuple[str, str]:
    country, given, family = rng.choice(POOLS)
    if country in CJK:
        name = (
            rng.choice(family)
            + rng.choice(given)
            + (rng.choice(given) if rng.random() < 0.3 else "")
        )
        if country == "KR" and rng.random() < 0.5:
            name = rng.choice(family) + " " + rng.choice(given)
        return name, country
    parts = [rng.choice(given)]
    if rng.random() < 0.35:
        parts.append(rng.choice(given))
    parts.append(rng.choice(family))
    if rng.random() < 0.2:
        parts.append(rng.choice(family))
    return " ".join(parts), country


def company(rng: random.Random) -> str:
    words = rng.sample(COMPANY_WORDS, rng.randint(1, 2))
    return f"{' '.join(words)} {rng.choice(COMPANY_KINDS)} {rng.choice(SUFFIXES)}"


def variant(name: str, rng: random.Random) -> str:
    """A listed name as a customer file may spell it."""
    tokens = name.split()
    kind = rng.randrange(5)
    if kind == 0 and len(tokens) > 1:
        return " ".join(tokens[1:] + tokens[:1])
    if kind == 1:
        return name.lower()
    if kind == 2 and len(name) > 6:
        cut = rng.randrange(1, len(name) - 1)
        return name[:cut] + name[cut + 1 :]
    if kind == 3 and len(tokens) > 2:
        return " ".join(tokens[:1] + tokens[2:])
    return name.upper()


def write_portfolio(path: Path, n: int, listed: list[tuple[str, str]], seed: int) -> int:
    """n customers; about 1 in 500 carries a listed name or a variant of it."""
    rng = random.Random(seed)
    sprinkled = 0
    with open(path, "w", newline="", encoding="utf-8") as fh:
        out = csv.writer(fh)
        out.writerow(["id", "name", "dob", "country", "schema"])
        for i in range(n):
            if listed and rng.random() < 0.002:
                name, schema = rng.choice(listed)
                out.writerow([f"C{i:08d}", variant(name, rng), "", "", schema])
                sprinkled += 1
            elif rng.random() < 0.15:
                out.writerow([f"C{i:08d}", company(rng), "", "", "Company"])
            else:
                name, country = person(rng)
                dob = f"{rng.randint(1935, 2006)}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}"
                out.writerow([f"C{i:08d}", name, dob if rng.random() < 0.8 else "", country, ""])
    return sprinkled


class MemorySampler:
    """Peak resident memory, and CPU seconds, of this process (the driver), its JVM and its
    other descendants (the workers), from /proc every `interval` seconds."""

    def __init__(self, interval: float = 0.2) -> None:
        self.interval = interval
        self.peak = {"driver": 0, "jvm": 0, "workers": 0}
        self._cpu: dict[int, tuple[str, float]] = {}
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def __enter__(self) -> MemorySampler:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        self._thread.join()

    def _run(self) -> None:
        me = os.getpid()
        while not self._stop.wait(self.interval):
            procs = _processes()
            tree = _descendants(me, procs)
            now = {"driver": 0, "jvm": 0, "workers": 0}
            for pid in tree:
                _ppid, rss, comm, cpu = procs[pid]
                role = "driver" if pid == me else "jvm" if "java" in comm else "workers"
                now[role] += rss
                self._cpu[pid] = (role, cpu)
            for role, value in now.items():
                self.peak[role] = max(self.peak[role], value)

    def megabytes(self) -> dict[str, float]:
        return {k: round(v / 1e6, 1) for k, v in self.peak.items()}

    def cpu_seconds(self) -> dict[str, float]:
        """CPU seconds by role, as last sampled (a process's final 0.2 s may be missed)."""
        total = {"driver": 0.0, "jvm": 0.0, "workers": 0.0}
        for role, cpu in self._cpu.values():
            total[role] += cpu
        return {k: round(v, 1) for k, v in total.items()}


def _processes() -> dict[int, tuple[int, int, str, float]]:
    page = os.sysconf("SC_PAGE_SIZE")
    tick = os.sysconf("SC_CLK_TCK")
    found = {}
    for entry in os.scandir("/proc"):
        if not entry.name.isdigit():
            continue
        try:
            stat = Path(f"/proc/{entry.name}/stat").read_text()
            statm = Path(f"/proc/{entry.name}/statm").read_text().split()
        except OSError:
            continue
        comm = stat[stat.index("(") + 1 : stat.rindex(")")]
        fields = stat[stat.rindex(")") + 2 :].split()
        cpu = (int(fields[11]) + int(fields[12])) / tick  # utime + stime
        found[int(entry.name)] = (int(fields[1]), int(statm[1]) * page, comm, cpu)
    return found


def _descendants(root: int, procs: dict[int, tuple[int, int, str, float]]) -> set[int]:
    tree = {root}
    grew = True
    while grew:
        more = {pid for pid, (ppid, *_rest) in procs.items() if ppid in tree} - tree
        tree |= more
        grew = bool(more)
    return tree


def timed(fn: Callable[[], Any]) -> tuple[Any, float]:
    started = time.perf_counter()
    value = fn()
    return value, time.perf_counter() - started


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--customers", type=int, default=1_000_000)
    parser.add_argument("--seed", type=int, default=12)
    parser.add_argument("--json", type=Path, help="also write the figures here")
    parser.add_argument("--skip-local", action="store_true", help="Spark only")
    args = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="spark-bench-"))
    os.environ.setdefault("XDG_CACHE_HOME", str(work / "cache"))
    results: dict[str, Any] = {
        "customers": args.customers,
        "seed": args.seed,
        "cores": 2,
        "load average at start": os.getloadavg()[0],
    }

    store = Store.open(f"sqlite:///{work}/bench.db")
    data = samples()
    files = sorted((data / "us_ofac_sdn-2021-07").glob("*.csv"))
    files += sorted((data / "us_ofac_cons-2025-12").glob("*.csv"))
    files.append(data / "un_sc_sanctions-2026-02" / "consolidated.xml")
    import_files(store, SYSTEM, files)
    with store.read() as conn:
        listed = [
            (name, e.schema)
            for e in current_entities(conn)
            for name in e.properties.get("name", [])[:1]
        ]
    index, results["index build s"] = timed(lambda: index_file(store))
    store.close()
    results["index file MB"] = round(index.path.stat().st_size / 1e6, 1)
    results["listed entities"] = len(listed)
    portfolio = work / "portfolio.csv"
    results["sprinkled listed names"], results["portfolio write s"] = timed(
        lambda: write_portfolio(portfolio, args.customers, listed, args.seed)
    )
    print(f"portfolio: {args.customers} customers in {portfolio}", flush=True)
    settings = BatchSettings(SYSTEM, limit=25)

    if not args.skip_local:
        with MemorySampler() as mem:
            started = time.perf_counter()
            screener, load_s = timed(lambda: Screener(load_index(index.path, index.sha256)))
            with open(work / "local.csv", "w", newline="", encoding="utf-8") as out:
                queries = read_queries(portfolio)
                results_ = screen_many(screener, queries, SYSTEM, limit=settings.limit, workers=2)
                n, hits = write_hits(out, results_)
            wall = time.perf_counter() - started
        results["local"] = {
            "queries": n,
            "hits": hits,
            "wall s": round(wall, 1),
            "customers/s": round(n / wall),
            "customers/s per core": round(n / wall / 2),
            "index load s": round(load_s, 2),
            "index load share": round(load_s / wall, 4),
            "peak MB": mem.megabytes(),
            "cpu s": mem.cpu_seconds(),
            "customers per worker cpu s": round(n / max(mem.cpu_seconds()["workers"], 1e-9), 1),
        }
        print(json.dumps({"local": results["local"]}), flush=True)

    from watchlist.engines.spark import screen_file
    from watchlist.engines.spark.session import start

    with MemorySampler() as mem:
        started = time.perf_counter()
        spark = start("local[2]", lambda line: print(line, flush=True))
        session_s = time.perf_counter() - started
        n, hits, stats = screen_file(
            spark,
            portfolio,
            work / "spark.csv",
            index,
            settings,
            lambda s: print(s, flush=True),
        )
        wall = time.perf_counter() - started
        spark.stop()
    results["spark local[2]"] = {
        "queries": n,
        "hits": hits,
        "wall s": round(wall, 1),
        "session start s": round(session_s, 1),
        "customers/s": round(n / wall),
        "customers/s per core": round(n / wall / 2),
        "customers/s per core, screening only": round(n / (wall - session_s) / 2),
        "tasks": stats.partitions,
        "index loads": stats.index_loads,
        "index load s (all workers)": round(stats.load_seconds, 2),
        "index load share of worker time": round(stats.load_seconds / (2 * (wall - session_s)), 4),
        "peak MB": mem.megabytes() | {"one worker (ru_maxrss)": round(stats.worker_peak_rss_mb, 1)},
        "cpu s": mem.cpu_seconds(),
        "customers per worker cpu s": round(n / max(mem.cpu_seconds()["workers"], 1e-9), 1),
    }
    print(json.dumps({"spark local[2]": results["spark local[2]"]}), flush=True)
    if not args.skip_local:
        same = (work / "local.csv").read_bytes() == (work / "spark.csv").read_bytes()
        results["same output"] = same
    print(json.dumps(results, indent=2, ensure_ascii=False))
    if args.json:
        args.json.write_text(json.dumps(results, indent=2, ensure_ascii=False) + "\n")


if __name__ == "__main__":
    main()
