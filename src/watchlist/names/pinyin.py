"""Romanised Chinese given names, syllable by syllable (Xiaohong is not Xiaoming).

A Chinese given name written as one word (Xiaohong, Jianjun) is two syllables, each a
character; two such names that differ in a syllable are two names, however alike their
letters (Xiaohong, Xiaoming; Jianping, Jiangping), while a letter-level likeness would call
them one; nor is such a name one syllable of like letters (Xiuying, Xing; Jianguo, Jiang).
A word is read as such a name only when it cuts into two or more pinyin syllables of two
letters or more, one of them of four letters or starting as only pinyin starts (x, q, zh):
Anna, Lina or Maria are not read so.
"""

from __future__ import annotations

from functools import lru_cache

#: Every syllable ICU's Han-Latin reads a CJK Unified Ideograph (U+4E00-U+9FA5) as, tones
#: removed, in Latin letters (tests/names/test_pinyin.py checks it against ICU).
SYLLABLES = frozenset(
    """
    a ai an ang ao ba bai ban bang bao bei ben beng bi bian biao bie bin bing bo bu ca cai
    can cang cao ce cen ceng cha chai chan chang chao che chen cheng chi chong chou chu chua
    chuai chuan chuang chui chun chuo ci cong cou cu cuan cui cun cuo da dai dan dang dao de
    den deng di dian diao die ding diu dong dou du duan dui dun duo e ei en eng er fa fan
    fang fei fen feng fiao fo fou fu ga gai gan gang gao ge gei gen geng gong gou gu gua
    guai guan guang gui gun guo ha hai han hang hao he hei hen heng hm hong hou hu hua huai
    huan huang hui hun huo ji jia jian jiang jiao jie jin jing jiong jiu ju juan jue jun ka
    kai kan kang kao ke kei ken keng kong kou ku kua kuai kuan kuang kui kun kuo la lai lan
    lang lao le lei leng li lia lian liang liao lie lin ling liu lo long lou lu luan lue lun
    luo m ma mai man mang mao me mei men meng mi mian miao mie min ming miu mo mou mu n na
    nai nan nang nao ne nei nen neng ni nian niang niao nie nin ning niu nong nou nu nuan
    nue nun nuo o ou pa pai pan pang pao pei pen peng pi pian piao pie pin ping po pou pu qi
    qia qian qiang qiao qie qin qing qiong qiu qu quan que qun ran rang rao re ren reng ri
    rong rou ru rua ruan rui run ruo sa sai san sang sao se sen seng sha shai shan shang
    shao she shei shen sheng shi shou shu shua shuai shuan shuang shui shun shuo si song sou
    su suan sui sun suo ta tai tan tang tao te teng ti tian tiao tie ting tong tou tu tuan
    tui tun tuo wa wai wan wang wei wen weng wo wu xi xia xian xiang xiao xie xin xing xiong
    xiu xu xuan xue xun ya yan yang yao ye yi yin ying yo yong you yu yuan yue yun za zai
    zan zang zao ze zei zen zeng zha zhai zhan zhang zhao zhe zhen zheng zhi zhong zhou zhu
    zhua zhuai zhuan zhuang zhui zhun zhuo zi zong zou zu zuan zui zun zuo
    """.split()
)
_LONGEST = max(map(len, SYLLABLES))
_CHINESE_ONLY = ("x", "q", "zh")
#: The letters a syllable starts with, and ends with: a word that starts or ends otherwise
#: is no syllables (Ivanov, Ahmed, Smith), known before cutting it.
_FIRST = frozenset(s[0] for s in SYLLABLES)
_LAST = frozenset(s[-1] for s in SYLLABLES)


@lru_cache(maxsize=65536)
def syllables(word: str) -> tuple[str, ...] | None:
    """The word cut into pinyin syllables (the fewest, the longer first), else None."""
    if word and (word[0] not in _FIRST or word[-1] not in _LAST):
        return None
    best: list[tuple[str, ...] | None] = [None] * (len(word) + 1)
    best[len(word)] = ()
    for start in range(len(word) - 1, -1, -1):
        for end in range(min(len(word), start + _LONGEST), start, -1):
            rest = best[end]
            if rest is not None and word[start:end] in SYLLABLES:
                found = (word[start:end], *rest)
                current = best[start]
                if current is None or len(found) < len(current):
                    best[start] = found
    return best[0]


@lru_cache(maxsize=65536)
def chinese_given_name(word: str) -> tuple[str, ...] | None:
    """The syllables of a word that reads as a romanised Chinese given name of two or more
    characters, else None."""
    found = syllables(word)
    if found is None or len(found) < 2 or any(len(s) < 2 for s in found):
        return None
    if not any(len(s) >= 4 or s.startswith(_CHINESE_ONLY) for s in found):
        return None
    return found


#: Unaspirated initials as their aspirated pairs: Wade-Giles drops the mark that tells them
#: apart (Chin-p'ing respelt Jin Bing is Jinping).
_ASPIRATED = {"b": "p", "d": "t", "g": "k", "j": "q", "z": "c"}


def _initial_unmarked(syllable: str) -> str:
    if syllable.startswith("zh"):
        return "ch" + syllable[2:]
    return _ASPIRATED.get(syllable[0], syllable[0]) + syllable[1:]


def other_given_name(a: str, b: str) -> bool:
    """Whether one word is a romanised Chinese given name and the other pinyin syllables
    too (a given name of one: Xing), differing in a syllable or in their number (an aspirated
    initial for its plain pair aside): Xiuying is not Xing, nor Jianguo Jiang."""
    if a == b:
        return False
    sa, sb = chinese_given_name(a), chinese_given_name(b)
    if sa is None and sb is None:
        return False
    sa = sa or syllables(a)
    sb = sb or syllables(b)
    if sa is None or sb is None:
        return False
    return tuple(map(_initial_unmarked, sa)) != tuple(map(_initial_unmarked, sb))
