#!/usr/bin/env bash
# fetch_photos.sh [OUTDIR]
#
# Fetch extra clean training photographs from Debian packages (BRIEF section 5) into an
# ignored folder (default: data/photos under the repository root).
#
# - Packages are downloaded with `apt-get download` and unpacked with `dpkg -x` into a temp
#   dir; nothing is installed. `apt-get update` is run once if a download fails (root only).
# - Only the files on the hand-curated ALLOWLIST below are kept. It was made by looking at
#   every image of the Debian bookworm versions of these packages (gnome-backgrounds 43.1-1,
#   mate-backgrounds 1.26.0-1, plasma-workspace-wallpapers 4:5.27.5-2, ukui-wallpapers
#   20.04.3-1.1, lomiri-wallpapers* 20.04.0-2, opencv-doc 4.6.0+dfsg-12, python3-skimage
#   0.19.3-8, python-matplotlib-data 3.6.3-1, lxqt-themes 1.2.0-1). Dropped: abstract renders, gradients, logos,
#   illustrations, paintings, screenshots, icons, grayscale-only photos, scanned prints,
#   degraded (blurred/noisy/very low quality) samples, medical/microscopy/astronomy images,
#   images < 256 px on the short side, and the smaller copies / second views of the same
#   scene (stereo pairs, multi-resolution wallpapers). gnome-backgrounds 43 and
#   ukui-wallpapers contain no photographs, so nothing is kept from them. lxqt-themes: its
#   wallpapers/License puts the photos under CC BY-SA 3.0 (debian/copyright's blanket LGPL-2.1+
#   is for the code); its fog.jpg, beam.png and after-the-rain.jpg are real fog, mist and dusk,
#   degraded photos (fog.jpg is on docs/real_photos.png), and Butterfly-Kenneth-Wimer.jpg is not
#   among the License's credits, so none of those four is kept. kphotoalbum's demo snapshots
#   (GPL-2+) were looked at too and left out: 21 clean ones would take 2.9 MiB at quality 95,
#   and the training pack must fit beside the repository in the 64 MiB of one GPU call.
# - Benchmark test images are never kept (BRIEF: no training on test images): e.g. opencv's
#   baboon.jpg, reg/home.png (the USC-SIPI "house"), dnn_superres/butterfly.png (Set5) and
#   skimage's camera.png are not on the allowlist, a name filter rejects kodim*/lena/barbara/
#   peppers/baboon/house/camera(man)/... anyway, and kept photos are compared by perceptual
#   hash with ../shared/benchmarks/* (if present) and dropped on a match.
# - Near-duplicates among the kept photos (perceptual hash) are dropped, keeping the largest.
# - Output: OUTDIR/<package>__<name>.jpg (.png if the original was PNG), RGB, long side
#   <= 2048 px (Lanczos), JPEG quality 95; OUTDIR/SOURCES.tsv with file, package, original
#   path, package version, licence (short name from /usr/share/doc/PKG/copyright).
# - Idempotent: managed files in OUTDIR are rewritten and stale ones removed.
#
# Python: the conversion step needs Pillow (and numpy is NOT needed). It uses ${PYTHON} if set,
# else <repo>/.venv/bin/python if it exists, else python3; if that has no Pillow, a throwaway
# venv with Pillow is created under /tmp (needs network access to PyPI).
#
# Environment: PYTHON (see above), DEB_CACHE (directory to keep/reuse the downloaded .debs;
# default: a temp dir that is deleted at exit), BENCH_DIR (benchmark images to exclude;
# default <repo>/../shared/benchmarks).
set -euo pipefail

REPO_ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
OUT=${1:-$REPO_ROOT/data/photos}
mkdir -p "$OUT"
OUT=$(cd "$OUT" && pwd)
BENCH_DIR=${BENCH_DIR:-$REPO_ROOT/../shared/benchmarks}

warn() { echo "fetch_photos: WARNING: $*" >&2; }
log() { echo "fetch_photos: $*" >&2; }

# --- keep the output out of git ---------------------------------------------------------
if [[ "$OUT" == "$REPO_ROOT/data" || "$OUT" == "$REPO_ROOT/data/"* ]]; then
    GI=$REPO_ROOT/.gitignore
    if [[ ! -f "$GI" ]] || ! grep -qxF 'data/' "$GI"; then
        # make sure we start on a new line if the file does not end with one
        if [[ -s "$GI" && -n "$(tail -c1 "$GI")" ]]; then echo >> "$GI"; fi
        echo 'data/' >> "$GI"
        log "added data/ to .gitignore"
    fi
fi

# --- allowlist: package <TAB> path inside the package <TAB> output name (no extension) ----
ALLOWLIST=$(cat <<'EOF'
mate-backgrounds	usr/share/backgrounds/mate/nature/Aqua.jpg	Aqua
mate-backgrounds	usr/share/backgrounds/mate/nature/Blinds.jpg	Blinds
mate-backgrounds	usr/share/backgrounds/mate/nature/Dune.jpg	Dune
mate-backgrounds	usr/share/backgrounds/mate/nature/FreshFlower.jpg	FreshFlower
mate-backgrounds	usr/share/backgrounds/mate/nature/Garden.jpg	Garden
mate-backgrounds	usr/share/backgrounds/mate/nature/GreenMeadow.jpg	GreenMeadow
mate-backgrounds	usr/share/backgrounds/mate/nature/LadyBird.jpg	LadyBird
mate-backgrounds	usr/share/backgrounds/mate/nature/RainDrops.jpg	RainDrops
mate-backgrounds	usr/share/backgrounds/mate/nature/Storm.jpg	Storm
mate-backgrounds	usr/share/backgrounds/mate/nature/TwoWings.jpg	TwoWings
mate-backgrounds	usr/share/backgrounds/mate/nature/Wood.jpg	Wood
mate-backgrounds	usr/share/backgrounds/mate/nature/YellowFlower.jpg	YellowFlower
plasma-workspace-wallpapers	usr/share/wallpapers/BytheWater/contents/images/2560x1600.jpg	BytheWater
plasma-workspace-wallpapers	usr/share/wallpapers/ColorfulCups/contents/images/2560x1600.jpg	ColorfulCups
plasma-workspace-wallpapers	usr/share/wallpapers/DarkestHour/contents/images/2560x1600.jpg	DarkestHour
plasma-workspace-wallpapers	usr/share/wallpapers/EveningGlow/contents/images/2560x1600.jpg	EveningGlow
plasma-workspace-wallpapers	usr/share/wallpapers/FallenLeaf/contents/images/2560x1600.jpg	FallenLeaf
plasma-workspace-wallpapers	usr/share/wallpapers/Kite/contents/images/2560x1600.jpg	Kite
plasma-workspace-wallpapers	usr/share/wallpapers/OneStandsOut/contents/images/2560x1600.jpg	OneStandsOut
plasma-workspace-wallpapers	usr/share/wallpapers/Path/contents/images/2560x1600.jpg	Path
plasma-workspace-wallpapers	usr/share/wallpapers/summer_1am/contents/images/2560x1600.jpg	summer_1am
lomiri-wallpapers-16.04	usr/share/backgrounds/Bridge_by_Sander_Klootwijk.jpg	Bridge_by_Sander_Klootwijk
lomiri-wallpapers-16.04	usr/share/backgrounds/Dragonfly_by_Bolly.jpg	Dragonfly_by_Bolly
lomiri-wallpapers-16.04	usr/share/backgrounds/Picture_0B_by_freespace.jpg	Picture_0B_by_freespace
lomiri-wallpapers-16.04	usr/share/backgrounds/Picture_1A_by_freespace.jpg	Picture_1A_by_freespace
lomiri-wallpapers-16.04	usr/share/backgrounds/Wine_by_Jakkub_Mede.jpg	Wine_by_Jakkub_Mede
lomiri-wallpapers-16.04	usr/share/backgrounds/aitzgorri_by_Aitzol_Berasategi.jpg	aitzgorri_by_Aitzol_Berasategi
lomiri-wallpapers-16.04	usr/share/backgrounds/free_by_Peter_Nerlich.jpg	free_by_Peter_Nerlich
lomiri-wallpapers-16.04	usr/share/backgrounds/friends_by_Aitzol_Berasategi.jpg	friends_by_Aitzol_Berasategi
lomiri-wallpapers-16.04	usr/share/backgrounds/greentock_by_Peter_Nerlich.jpg	greentock_by_Peter_Nerlich
lomiri-wallpapers-16.04	usr/share/backgrounds/life_by_Aitzol_Berasategi.jpg	life_by_Aitzol_Berasategi
lomiri-wallpapers-16.04	usr/share/backgrounds/picosdeeuropa_by_Aitzol_Berasategi.jpg	picosdeeuropa_by_Aitzol_Berasategi
lomiri-wallpapers-16.04	usr/share/backgrounds/seeding_by_Clements_Engelhardt.jpg	seeding_by_Clements_Engelhardt
lomiri-wallpapers-16.04	usr/share/backgrounds/sunset_by_Aitzol_Berasategi.jpg	sunset_by_Aitzol_Berasategi
lomiri-wallpapers-20.04	usr/share/backgrounds/Kleiber_by_Lukas_Baubkus.jpg	Kleiber_by_Lukas_Baubkus
opencv-doc	usr/share/doc/opencv-doc/examples/alphamat/input_images/plant.jpg	plant
opencv-doc	usr/share/doc/opencv-doc/examples/data/aero1.jpg	aero1
opencv-doc	usr/share/doc/opencv-doc/examples/data/aloeL.jpg	aloeL
opencv-doc	usr/share/doc/opencv-doc/examples/data/board.jpg	board
opencv-doc	usr/share/doc/opencv-doc/examples/data/building.jpg	building
opencv-doc	usr/share/doc/opencv-doc/examples/data/butterfly.jpg	butterfly
opencv-doc	usr/share/doc/opencv-doc/examples/data/chicky_512.png	chicky_512
opencv-doc	usr/share/doc/opencv-doc/examples/data/ela_original.jpg	ela_original
opencv-doc	usr/share/doc/opencv-doc/examples/data/fruits.jpg	fruits
opencv-doc	usr/share/doc/opencv-doc/examples/data/graf1.png	graf1
opencv-doc	usr/share/doc/opencv-doc/examples/data/home.jpg	home
opencv-doc	usr/share/doc/opencv-doc/examples/data/leuvenA.jpg	leuvenA
opencv-doc	usr/share/doc/opencv-doc/examples/data/messi5.jpg	messi5
opencv-doc	usr/share/doc/opencv-doc/examples/data/rubberwhale1.png	rubberwhale1
opencv-doc	usr/share/doc/opencv-doc/examples/data/squirrel_cls.jpg	squirrel_cls
opencv-doc	usr/share/doc/opencv-doc/examples/text/scenetext01.jpg	scenetext01
opencv-doc	usr/share/doc/opencv-doc/examples/text/scenetext03.jpg	scenetext03
opencv-doc	usr/share/doc/opencv-doc/examples/text/scenetext04.jpg	scenetext04
opencv-doc	usr/share/doc/opencv-doc/examples/text/scenetext05.jpg	scenetext05
opencv-doc	usr/share/doc/opencv-doc/examples/text/scenetext06.jpg	scenetext06
opencv-doc	usr/share/doc/opencv-doc/examples/text/scenetext_segmented_word01.jpg	scenetext_segmented_word01
opencv-doc	usr/share/doc/opencv-doc/examples/text/scenetext_segmented_word02.jpg	scenetext_segmented_word02
opencv-doc	usr/share/doc/opencv-doc/examples/text/scenetext_segmented_word04.jpg	scenetext_segmented_word04
python3-skimage	usr/lib/python3/dist-packages/skimage/data/astronaut.png	astronaut
python3-skimage	usr/lib/python3/dist-packages/skimage/data/chelsea.png	chelsea
python3-skimage	usr/lib/python3/dist-packages/skimage/data/coffee.png	coffee
python3-skimage	usr/lib/python3/dist-packages/skimage/data/motorcycle_left.png	motorcycle_left
python3-skimage	usr/lib/python3/dist-packages/skimage/data/rocket.jpg	rocket
python-matplotlib-data	usr/share/matplotlib/mpl-data/sample_data/grace_hopper.jpg	grace_hopper
lxqt-themes	usr/share/lxqt/wallpapers/Valendas.png	Valendas
lxqt-themes	usr/share/lxqt/wallpapers/appleflower.png	appleflower
lxqt-themes	usr/share/lxqt/wallpapers/butterfly.png	butterfly
lxqt-themes	usr/share/lxqt/wallpapers/cloud.png	cloud
lxqt-themes	usr/share/lxqt/wallpapers/drop.png	drop
lxqt-themes	usr/share/lxqt/wallpapers/flowers.png	flowers
lxqt-themes	usr/share/lxqt/wallpapers/this-is-not-windows.jpg	this-is-not-windows
EOF
)

# Installed-path prefix -> source-tree prefix, so the DEP-5 "Files:" patterns of each
# package's copyright file can be matched against installed paths.
SRCMAP=$(cat <<'EOF'
mate-backgrounds	usr/share/backgrounds/mate/	
lomiri-wallpapers	usr/share/backgrounds/	
lomiri-wallpapers-16.04	usr/share/backgrounds/	16.04/
lomiri-wallpapers-20.04	usr/share/backgrounds/	20.04/
opencv-doc	usr/share/doc/opencv-doc/examples/	samples/
python3-skimage	usr/lib/python3/dist-packages/	
python-matplotlib-data	usr/share/matplotlib/	lib/matplotlib/
EOF
)

# --- packages ---------------------------------------------------------------------------
PACKAGES=(mate-backgrounds plasma-workspace-wallpapers ukui-wallpapers gnome-backgrounds)
LOMIRI=$(apt-cache pkgnames lomiri-wallpapers 2>/dev/null | sort || true)
if [[ -z "$LOMIRI" ]]; then LOMIRI="lomiri-wallpapers lomiri-wallpapers-16.04 lomiri-wallpapers-20.04"; fi
# shellcheck disable=SC2206
PACKAGES+=($LOMIRI)
PACKAGES+=(opencv-doc python3-skimage python-matplotlib-data lxqt-themes)

# --- python with Pillow -------------------------------------------------------------------
WORK=$(mktemp -d /tmp/fetch_photos.XXXXXX)
trap 'rm -rf "$WORK"' EXIT
if [[ -z "${PYTHON:-}" ]]; then
    if [[ -x "$REPO_ROOT/.venv/bin/python" ]]; then PYTHON=$REPO_ROOT/.venv/bin/python; else PYTHON=python3; fi
fi
if ! "$PYTHON" -c 'import PIL' 2>/dev/null; then
    warn "$PYTHON has no Pillow; creating a temporary venv with Pillow under $WORK"
    python3 -m venv "$WORK/venv"
    "$WORK/venv/bin/pip" install -q pillow
    PYTHON=$WORK/venv/bin/python
fi

# --- download and unpack ------------------------------------------------------------------
DEBS=${DEB_CACHE:-$WORK/debs}
mkdir -p "$DEBS" "$WORK/x"
UPDATED=0
DEB=
fetch_deb() {  # sets DEB to the .deb of package $1 (downloading it if needed), or fails
    local p=$1
    DEB=$(ls "$DEBS/${p}"_*.deb 2>/dev/null | head -n1 || true)
    if [[ -z "$DEB" ]] && ! (cd "$DEBS" && apt-get download -q "$p" >/dev/null 2>&1); then
        [[ $UPDATED == 0 && $(id -u) == 0 ]] || return 1
        log "apt-get download $p failed; running apt-get update"
        apt-get update -qq >/dev/null 2>&1 || warn "apt-get update failed"
        UPDATED=1
        (cd "$DEBS" && apt-get download -q "$p" >/dev/null 2>&1) || return 1
    fi
    DEB=$(ls "$DEBS/${p}"_*.deb 2>/dev/null | head -n1 || true)
    [[ -n "$DEB" ]]
}
: > "$WORK/versions.tsv"
for p in "${PACKAGES[@]}"; do
    if ! fetch_deb "$p"; then
        warn "package $p not available; skipped"
        continue
    fi
    ver=$(dpkg-deb -f "$DEB" Version)
    dpkg -x "$DEB" "$WORK/x/$p"
    printf '%s\t%s\n' "$p" "$ver" >> "$WORK/versions.tsv"
    log "unpacked $p $ver"
done

printf '%s\n' "$ALLOWLIST" > "$WORK/allowlist.tsv"
printf '%s\n' "$SRCMAP" > "$WORK/srcmap.tsv"

# --- select, convert, deduplicate, write SOURCES.tsv ----------------------------------------
"$PYTHON" - "$WORK" "$OUT" "$BENCH_DIR" "${PACKAGES[@]}" <<'PYEOF'
import fnmatch, os, re, sys
from PIL import Image, ImageChops

Image.MAX_IMAGE_PIXELS = None
work, out, bench_dir, packages = sys.argv[1], sys.argv[2], sys.argv[3], sys.argv[4:]
MAX_SIDE, MIN_SIDE = 2048, 256
# names of benchmark test images (BRIEF: never train on them)
DENY = re.compile(r'kodim|lena|lenna|barbara|pepper|baboon|mandrill|(^|[^a-z])house|camera|'
                  r'monarch|mcmaster|urban|set5|set12|set14|cbsd|bsd68|kodak', re.I)
# licences whose copyright stanza has no short name
UNNAMED_LICENCE = {'python-matplotlib-data': 'Matplotlib-PSF-based'}
# licences that debian/copyright does not give for the photos themselves
PHOTO_LICENCE = {'lxqt-themes': 'CC-BY-SA-3.0 (usr/share/lxqt/wallpapers/License)'}

def warn(msg):
    print('fetch_photos: WARNING: ' + msg, file=sys.stderr)

def read_tsv(path):
    with open(path) as f:
        return [l.rstrip('\n').split('\t') for l in f if l.strip()]

versions = dict(read_tsv(os.path.join(work, 'versions.tsv')))
srcmap = {}
for row in read_tsv(os.path.join(work, 'srcmap.tsv')):
    srcmap[row[0]] = (row[1], row[2] if len(row) > 2 else '')

def dep5_licence(pkg, relpath):
    """Short licence name of the last DEP-5 Files stanza matching relpath (installed path)."""
    cp = os.path.join(work, 'x', pkg, 'usr/share/doc', pkg, 'copyright')
    try:
        text = open(cp, encoding='utf-8', errors='replace').read()
    except OSError:
        return 'unknown (no copyright file)'
    pre, src = srcmap.get(pkg, ('', ''))
    srcpath = src + relpath[len(pre):] if relpath.startswith(pre) else relpath
    best = None
    for para in re.split(r'\n\s*\n', text):
        fields, cur = {}, None
        for line in para.split('\n'):
            if line[:1] in (' ', '\t') and cur:
                fields[cur] += '\n' + line.strip()
            elif ':' in line and not line.startswith('#'):
                cur, _, v = line.partition(':')
                cur = cur.strip().lower(); fields[cur] = v.strip()
        if 'files' not in fields or 'license' not in fields:
            continue
        pats = fields['files'].split()
        if any(fnmatch.fnmatchcase(srcpath, p) for p in pats):
            best = fields['license']
    if best is None:
        return 'unknown (see copyright)'
    name = best.split('\n', 1)[0].strip()
    return name or UNNAMED_LICENCE.get(pkg, 'unnamed (see copyright)')

def dhash(im, n=16):
    g = im.convert('L').resize((n + 1, n), Image.BILINEAR)
    px = g.tobytes()
    return sum(1 << i for i in range(n * n) if px[(i // n) * (n + 1) + i % n] > px[(i // n) * (n + 1) + i % n + 1])

def hamming(a, b):
    return bin(a ^ b).count('1')

DUP_BITS = 20  # of 256; same photo at other resolution / recompression is far below this

kept = []  # dicts
for row in read_tsv(os.path.join(work, 'allowlist.tsv')):
    pkg, rel, name = row
    if pkg not in versions:
        continue  # package unavailable (already warned)
    root = os.path.join(work, 'x', pkg)
    path = os.path.realpath(os.path.join(root, rel))
    if not path.startswith(os.path.realpath(root) + os.sep) or not os.path.isfile(path):
        warn(f'{pkg}: {rel} not found in this version; skipped')
        continue
    if DENY.search(os.path.basename(rel)) or DENY.search(name):
        warn(f'{pkg}: {rel} looks like a benchmark test image; skipped')
        continue
    try:
        im = Image.open(path); fmt = im.format; im.load()
    except Exception as e:
        warn(f'{pkg}: {rel} unreadable ({e}); skipped')
        continue
    if min(im.size) < MIN_SIDE:
        warn(f'{pkg}: {rel} is {im.size}, short side < {MIN_SIDE}; skipped')
        continue
    rgb = im.convert('RGB')  # drops alpha
    r, g, b = rgb.split()
    if ImageChops.difference(r, g).getbbox() is None and ImageChops.difference(g, b).getbbox() is None:
        warn(f'{pkg}: {rel} is grayscale; skipped')
        continue
    w, h = rgb.size
    if max(w, h) > MAX_SIDE:
        s = MAX_SIDE / max(w, h)
        rgb = rgb.resize((max(1, round(w * s)), max(1, round(h * s))), Image.LANCZOS)
    ext = '.png' if fmt == 'PNG' else '.jpg'
    kept.append(dict(pkg=pkg, rel=rel, file=f'{pkg}__{name}{ext}', img=rgb, area=w * h,
                     hash=dhash(rgb), version=versions[pkg],
                     licence=PHOTO_LICENCE.get(pkg) or dep5_licence(pkg, rel)))

# benchmark images: perceptual-hash match -> drop
bench = []
if os.path.isdir(bench_dir):
    for dp, _, fs in os.walk(bench_dir):
        for f in fs:
            if f.lower().endswith(('.png', '.jpg', '.jpeg', '.bmp', '.tif', '.tiff')):
                try:
                    bench.append((os.path.join(dp, f), dhash(Image.open(os.path.join(dp, f)))))
                except Exception:
                    pass
final = []
for k in sorted(kept, key=lambda k: -k['area']):
    hit = next((b for b, h in bench if hamming(h, k['hash']) <= DUP_BITS), None)
    if hit:
        warn(f"{k['pkg']}: {k['rel']} matches benchmark image {hit}; skipped")
        continue
    dup = next((f for f in final if hamming(f['hash'], k['hash']) <= DUP_BITS), None)
    if dup:
        warn(f"{k['pkg']}: {k['rel']} is a near-duplicate of {dup['file']}; skipped")
        continue
    final.append(k)
final.sort(key=lambda k: k['file'])

# write outputs; remove stale managed files
os.makedirs(out, exist_ok=True)
names = {k['file'] for k in final}
managed = re.compile('^(' + '|'.join(re.escape(p) for p in packages) + r')__.*\.(jpg|png)$')
for f in os.listdir(out):
    if managed.match(f) and f not in names:
        os.remove(os.path.join(out, f))
for k in final:
    dst = os.path.join(out, k['file']); tmp = dst + '.tmp'
    if k['file'].endswith('.png'):
        k['img'].save(tmp, format='PNG', optimize=True)
    else:
        k['img'].save(tmp, format='JPEG', quality=95, subsampling=0)
    os.replace(tmp, dst)
with open(os.path.join(out, 'SOURCES.tsv'), 'w') as f:
    f.write('file\tpackage\toriginal_path\tpackage_version\tlicence\n')
    for k in final:
        f.write(f"{k['file']}\t{k['pkg']}\t/{k['rel']}\t{k['version']}\t{k['licence']}\n")

counts = {}
for k in final:
    counts[k['pkg']] = counts.get(k['pkg'], 0) + 1
for p in packages:
    if p in versions:
        print(f'  {p}: {counts.get(p, 0)}')
print(f'fetch_photos: kept {len(final)} photos in {out}')
PYEOF
